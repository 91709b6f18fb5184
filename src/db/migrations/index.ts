import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_twofactor.js';
import * as m0003 from './0003_login_tickets.js';
import * as m0004 from './0004_tokens_apps.js';
import * as m0005 from './0005_accounts_directory.js';
import * as m0006 from './0006_media_mail.js';
import * as m0007 from './0007_query_indexes.js';
import * as m0008 from './0008_settings_notify.js';
import * as m0009 from './0009_passkeys.js';
import * as m0010 from './0010_oidc.js';
import * as m0011 from './0011_lockdown.js';
import * as m0012 from './0012_admin_audit.js';
import * as m0013 from './0013_invitations.js';
import * as m0014 from './0014_user_list.js';
import * as m0015 from './0015_notice_preferences.js';
import * as m0016 from './0016_theme_gravatar.js';
import * as m0017 from './0017_twofactor_coverage.js';

/** Every migration, in order. Append new files here; never edit or reorder a landed one. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_twofactor': m0002,
  '0003_login_tickets': m0003,
  '0004_tokens_apps': m0004,
  '0005_accounts_directory': m0005,
  '0006_media_mail': m0006,
  '0007_query_indexes': m0007,
  '0008_settings_notify': m0008,
  '0009_passkeys': m0009,
  '0010_oidc': m0010,
  '0011_lockdown': m0011,
  '0012_admin_audit': m0012,
  '0013_invitations': m0013,
  '0014_user_list': m0014,
  '0015_notice_preferences': m0015,
  '0016_theme_gravatar': m0016,
  '0017_twofactor_coverage': m0017,
};
