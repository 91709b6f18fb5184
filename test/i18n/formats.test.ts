import { describe, expect, it } from 'vitest';
import { formatMegabytes, formatNumber, localDigits } from '../../web/src/lib/numbers.js';

/** The dashboard writes the numbers in its texts (and the digits of dates) the language's way. */
describe('dashboard numbers', () => {
  it.each([
    ['en', '1,234,567'],
    ['de', '1.234.567'],
    ['fr', '1 234 567'],
    ['it', '1.234.567'],
    ['pt-BR', '1.234.567'],
    ['nl', '1.234.567'],
    ['ja', '1,234,567'],
  ])('given %s, then a count is grouped its way', (language, expected) => {
    expect(formatNumber(1234567, language).replace(/\s/g, ' ')).toBe(expected);
  });

  it('given a date laid out in the chosen format, then the layout stays and only the digits follow the language', () => {
    for (const language of ['en', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'pl', 'ja']) expect(localDigits('01.03.2026', language)).toBe('01.03.2026');
    // a language whose default digits are not Latin, where this Node's ICU says so
    if (formatNumber(0, 'ar-EG') === '٠') expect(localDigits('2026-03-01', 'ar-EG')).toBe('٢٠٢٦-٠٣-٠١');
    if (formatNumber(0, 'fa') === '۰') expect(localDigits('01/03/2026', 'fa')).toBe('۰۱/۰۳/۲۰۲۶');
  });

  it('given a file size, then it is said in megabytes with the language\'s unit and decimal sign', () => {
    expect(formatMegabytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
    expect(formatMegabytes(4.5 * 1024 * 1024, 'de').replace(/\s/g, ' ')).toBe('4,5 MB');
    expect(formatMegabytes(10 * 1024 * 1024, 'fr').replace(/\s/g, ' ')).toBe('10 Mo');
  });
});
