import type { Language } from '../lib/languages.js';
import type { CommonVars, LanguageCatalog, MailContent, TemplateName, TemplateVars } from './catalog.js';
import { de } from './locales/de.js';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { it } from './locales/it.js';
import { nl } from './locales/nl.js';
import { ptBR } from './locales/pt-BR.js';
import { ja } from './locales/ja.js';
import { pl } from './locales/pl.js';
import { ar } from './locales/ar.js';

export type { CommonVars, MailContent, NoticeName, TemplateName, TemplateVars } from './catalog.js';

/** One file per language in `locales/`; the type makes the list complete. */
const CATALOGS: Record<Language, LanguageCatalog> = {
  en,
  de,
  fr,
  es,
  it,
  'pt-BR': ptBR,
  nl,
  pl,
  ja,
  ar,
};

/** The template's content in the language (English when the language is unknown). */
export function compose<K extends TemplateName>(name: K, language: string, vars: CommonVars & TemplateVars[K]): MailContent {
  const catalog = CATALOGS[(language in CATALOGS ? language : 'en') as Language];
  let content = (catalog.templates[name] as (v: CommonVars & TemplateVars[K]) => MailContent)(vars);
  if (vars.client && name !== 'new_sign_in') {
    // after the greeting and the sentence that says what happened
    const paragraphs = [...content.paragraphs];
    paragraphs.splice(2, 0, catalog.from(vars.client));
    content = { ...content, paragraphs };
  }
  if (!vars.lockdownLink) return content;
  return { ...content, lockdown: { ...catalog.lockdown, url: vars.lockdownLink } };
}
