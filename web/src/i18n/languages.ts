/**
 * Languages without i18next, the browser or the API types: which of ours a browser tag means,
 * and which way a language is written (the server's textDirection, src/lib/languages.ts, which
 * imports nothing). Plain TypeScript, so test/i18n runs it in Node as it is.
 */

/**
 * The language we speak for a browser tag (`navigator.languages`: `de-AT`, `pt-PT`, `ar-EG`), or
 * null: the tag itself in any case (`pt-br` → `pt-BR`), else the first of ours with the same
 * base language (`pt`, `pt-PT` → `pt-BR`; `ar-EG` → `ar`).
 */
export function matchLanguage<L extends string>(tag: string, languages: readonly L[]): L | null {
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  if (!wanted) return null;
  const exact = languages.find((language) => language.toLowerCase() === wanted);
  if (exact) return exact;
  const base = wanted.split('-')[0];
  return languages.find((language) => language.toLowerCase().split('-')[0] === base) ?? null;
}

// Which way a language is written is the server's rule too (the mails' dir): one owner, shared.
export { textDirection } from '../../../src/lib/languages.js';
