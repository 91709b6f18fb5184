/** Numbers the language's way. No imports, so test/i18n runs it in Node as it is. */

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the language's digits and grouping: 1,234 (en), 1.234 (de), 1 234 (fr), ١٬٢٣٤ (ar-EG). */
export function formatNumber(value: number, language: string): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language);
    numberFormats.set(language, format);
  }
  return format.format(value);
}

/** ASCII digits in `text` as the language writes them (its default numbering system: Latin for most). */
export function localDigits(text: string, language: string): string {
  const zero = formatNumber(0, language).codePointAt(0) ?? 48;
  return zero === 48 ? text : text.replace(/[0-9]/g, (digit) => String.fromCodePoint(zero + Number(digit)));
}

const MEGABYTE = 1024 * 1024;

/** A file size in megabytes (of 1024 × 1024 bytes, as the server counts), with the language's unit: 5 MB, 5 Mo, 4,5 MB. */
export function formatMegabytes(bytes: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / MEGABYTE);
}
