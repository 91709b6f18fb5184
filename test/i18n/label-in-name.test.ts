import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/lib/languages.js';
import { loadLocale } from '../helpers/locales.js';

/**
 * WCAG 2.5.3 (label in name): a row action shows a short label ("End session") and tells screen
 * readers which row it acts on ("End session on Firefox · Linux"). Speech users say what they see,
 * so the accessible name must contain the visible label as it is, in every language (axe's
 * label-content-name-mismatch found four languages where it did not). Each named key → the key of
 * the label shown on the same button (read off the components).
 */
const NAMED_ACTIONS: Record<string, string> = {
  'sessions.revokeNamed': 'sessions.revoke',
  'tokens.revokeNamed': 'tokens.revoke',
  'appPasswords.deleteNamed': 'common.delete',
  'passkeys.deleteNamed': 'common.delete',
  'passkeys.renameNamed': 'passkeys.rename',
  'connectedApps.revokeNamed': 'connectedApps.revoke',
  'admin.accounts.manageNamed': 'admin.accounts.manage',
  'admin.accounts.renameNamed': 'admin.accounts.rename',
  'admin.accounts.deleteGroupNamed': 'common.delete',
  'admin.accounts.addNamed': 'admin.accounts.add',
  'admin.accounts.removeNamed': 'admin.accounts.removeMember',
  'admin.apps.editNamed': 'common.edit',
  'admin.apps.rotateNamed': 'admin.apps.rotate',
  'admin.apps.deleteNamed': 'common.delete',
  'admin.userPage.endSessionNamed': 'admin.userPage.endSession',
};

describe('row actions: the accessible name contains the visible label', () => {
  for (const language of LANGUAGES) {
    it(`in ${language}`, () => {
      const texts = loadLocale(language);
      const mismatches = Object.entries(NAMED_ACTIONS).flatMap(([named, label]) => {
        const shown = texts.get(label);
        const name = texts.get(named);
        if (shown === undefined || name === undefined) return [`${named} or ${label} is missing`];
        return name.toLocaleLowerCase(language).includes(shown.trim().toLocaleLowerCase(language)) ? [] : [`${named}: "${name}" does not contain "${shown}"`];
      });
      expect(mismatches).toEqual([]);
    });
  }
});
