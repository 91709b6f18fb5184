import { describe, expect, it } from 'vitest';
import { loadLocale } from '../helpers/locales.js';
import { LANGUAGES } from '../../src/lib/languages.js';
import { compose } from '../../src/mail/templates.js';

/**
 * Words mean one thing (issue 18): an organisation (Vendor, Distributor, Reseller; `accounts` in
 * the API) is never called an "account" in the dashboard, which keeps that word for the user's own
 * account; and the user's Preferences and the administrator's Settings are different words.
 * A new language adds its words to WORDS, or this fails.
 */


const load = loadLocale;
/** The text without its {{placeholders}} (their names are the API's: `{{accounts}}`). */
const shown = (text: string) => text.replace(/\{\{\s*\w+\s*\}\}/g, '…');

interface Words {
  /** The user's own account, every form the language uses. */
  account: readonly string[];
  /** The organisation word's stem, found anywhere in a text (case-insensitive). */
  organisation: string;
  /** `word`: an account form counts only as a whole word; `substring`: anywhere (no spaces between words, or attached prefixes). */
  match: 'word' | 'substring';
}

const WORDS: Record<string, Words | undefined> = {
  en: { account: ['account', 'accounts'], organisation: 'organisation', match: 'word' },
  de: { account: ['Konto', 'Kontos', 'Konten'], organisation: 'Organisation', match: 'word' },
  fr: { account: ['compte', 'comptes'], organisation: 'organisation', match: 'word' },
  es: { account: ['cuenta', 'cuentas'], organisation: 'organizaci', match: 'word' },
  it: { account: ['account'], organisation: 'organizzazion', match: 'word' },
  'pt-BR': { account: ['conta', 'contas'], organisation: 'organiza', match: 'word' },
  nl: { account: ['account', 'accounts'], organisation: 'organisatie', match: 'word' },
  pl: { account: ['konto', 'konta', 'kontu', 'kontem', 'koncie', 'kont', 'kontom', 'kontami', 'kontach'], organisation: 'organizacj', match: 'word' },
  ja: { account: ['アカウント'], organisation: '組織', match: 'substring' },
  ar: { account: ['حساب'], organisation: 'مؤسس', match: 'substring' },
};

/** Keys (exact, or a prefix ending in ".") whose texts are about organisations: no account word in them. */
const ORGANISATION_KEYS = [
  'nav.accounts',
  'accounts.',
  'accountTypes.',
  'security.mfaRequired',
  'dataExport.explain',
  'admin.tabs.accounts',
  'admin.accounts.',
  'admin.userPage.memberships',
  'admin.userPage.noMemberships',
  'admin.audit.types.account_created',
  'admin.audit.types.account_updated',
  'admin.audit.types.account_deleted',
  'admin.apps.oidc.accessMembers',
  'admin.apps.oidc.noAccounts',
  'admin.apps.oidc.deletedAccount',
  'admin.apps.oidc.groupsOf',
  'admin.apps.oidc.restricted',
  'oidc.noAccess.',
  'oidc.scopes.groups',
  'problems.mfa_required',
  'problems.account_not_found',
  'problems.account_name_taken',
  'problems.invalid_account_name',
  'problems.already_member',
  'problems.member_not_found',
  'problems.group_not_found',
  'problems.group_not_empty',
  'problems.group_name_taken',
  'problems.group_not_in_account',
  'problems.app_access_denied',
];

/** Labels and sentences that name organisations: they contain the organisation word. */
const NAMES_ORGANISATIONS = [
  'nav.accounts',
  'accounts.title',
  'accounts.none',
  'admin.tabs.accounts',
  'admin.accounts.title',
  'admin.accounts.create',
  'admin.accounts.deleteAccount',
  'admin.accounts.back',
  'admin.accounts.pageTitle',
  'admin.accounts.notFound',
  'admin.userPage.memberships',
  'admin.apps.oidc.accessEveryone',
  'security.mfaRequired',
  'problems.mfa_required',
  'problems.account_not_found',
];

/** The user's own account: these keep the account word. */
const NAMES_OWN_ACCOUNT = ['deleteAccount.title', 'deleteAccount.submit', 'signIn.accountDeleted', 'lockdown.button'];

/** The user's Preferences (Profile) and the administrator's Settings. */
const PREFERENCES = 'profile.preferences';
const SETTINGS = ['admin.tabs.settings', 'admin.settings.title'];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function accountWord(words: Words): RegExp {
  const forms = words.account.map(escape).join('|');
  return words.match === 'word' ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms})(?![\\p{L}\\p{N}])`, 'iu') : new RegExp(forms, 'iu');
}
const hasOrganisation = (words: Words, text: string) => text.toLocaleLowerCase().includes(words.organisation.toLocaleLowerCase());
const concernsOrganisations = (key: string) => ORGANISATION_KEYS.some((entry) => (entry.endsWith('.') ? key.startsWith(entry) : key === entry));

describe('terminology', () => {
  it('given the key lists, then every exact key exists and every prefix matches some key', () => {
    const english = load('en');
    const unused = [...ORGANISATION_KEYS, ...NAMES_ORGANISATIONS, ...NAMES_OWN_ACCOUNT, PREFERENCES, ...SETTINGS].filter((entry) =>
      entry.endsWith('.') ? ![...english.keys()].some((key) => key.startsWith(entry)) : !english.has(entry),
    );
    expect(unused).toEqual([]);
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      it(`given the registered language ${language}, then its account and organisation words are in the table`, () => {
        expect(WORDS[language], `add ${language} to WORDS in test/i18n/terminology.test.ts`).toBeDefined();
      });

      const texts = load(language);
      const words = WORDS[language] ?? { account: [], organisation: '\u0000', match: 'word' };
      const account = accountWord(words);

      it('given a text about organisations, then it does not call them accounts', () => {
        const offending = [...texts].filter(([key, text]) => concernsOrganisations(key) && account.test(shown(text))).map(([key, text]) => `${key}: ${text}`);
        expect(offending).toEqual([]);
      });

      it('given a label or sentence that names organisations, then it uses the organisation word', () => {
        const missing = NAMES_ORGANISATIONS.filter((key) => !hasOrganisation(words, texts.get(key) ?? '')).map((key) => `${key}: ${texts.get(key)}`);
        expect(missing).toEqual([]);
      });

      it('given the user’s own account, then the dashboard and the mails keep the account word', () => {
        const vars = { name: 'Ada', username: 'ada', time: 'now', origin: 'https://account.example.com', lockdownLink: 'https://account.example.com/lockdown' };
        const own = [
          ...NAMES_OWN_ACCOUNT.map((key) => [key, texts.get(key) ?? ''] as const),
          ['mail account_deleted subject', compose('account_deleted', language, vars as never).subject] as const,
          ['mail lockdown label', compose('password_changed', language, vars as never).lockdown?.label ?? ''] as const,
        ];
        expect(own.filter(([, text]) => !account.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
        expect(own.filter(([, text]) => hasOrganisation(words, text)).map(([key]) => key)).toEqual([]);
      });

      it('given Preferences and the admin Settings, then they differ and neither contains the other', () => {
        const preferences = (texts.get(PREFERENCES) ?? '').toLocaleLowerCase();
        for (const key of SETTINGS) {
          const settings = (texts.get(key) ?? '').toLocaleLowerCase();
          expect(settings, key).not.toBe('');
          expect(preferences.includes(settings) || settings.includes(preferences), `${PREFERENCES} “${preferences}” vs ${key} “${settings}”`).toBe(false);
        }
      });
    });
  }
});
