import type { Language } from '../lib/languages.js';


/** What every template can use; filled in by the mail service from the recipient's user record. */
export interface CommonVars {
  /** display name of the user */
  name: string;
  username: string;
  /** when it happened, formatted in the recipient's language and time zone */
  time: string;
  /** the dashboard, e.g. https://account.example.com */
  origin: string;
  /** notices: the one-click "this wasn't me" link (single use, 7 days) */
  lockdownLink?: string;
  /** notices: the browser, OS and IP address the change came from (the new-sign-in notice says it in its own words) */
  client?: { browser: string; os: string; ip: string };
}

/** The variables each template needs on top of {@link CommonVars}. */
export interface TemplateVars {
  password_reset: { link: string; minutes: number };
  email_confirm: { link: string; newEmail: string; hours: number };
  email_changed: { link: string; newEmail: string; days: number };
  recovery_email_confirm: { link: string; newEmail: string; hours: number };
  /** `recoveryEmail` null: the recovery address was removed (resets go to the primary) */
  recovery_email_changed: { link: string; recoveryEmail: string | null; days: number };
  password_changed: Record<string, never>;
  new_sign_in: { browser: string; os: string; ip: string };
  twofactor_disabled: Record<string, never>;
  twofactor_reset: Record<string, never>;
  token_created: { tokenName: string };
  app_password_created: { appPasswordName: string; appName: string };
  passkey_added: { passkeyName: string };
  account_deleted: Record<string, never>;
  /** `invitedBy`: the display name of the administrator who invited (null: the system) */
  invitation: { link: string; days: number; invitedBy: string | null };
}

export type TemplateName = keyof TemplateVars;

/** Notices: mail to the primary address after something happened to the user. */
export type NoticeName = 'password_changed' | 'new_sign_in' | 'twofactor_disabled' | 'twofactor_reset' | 'token_created' | 'app_password_created' | 'passkey_added';

/** A message before layout: plain sentences (escaped by the renderer), one optional button. */
export interface MailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** notices: "this wasn't me", after the action */
  lockdown?: { text: string; label: string; url: string };
  footnotes?: string[];
}

export type Catalog = { [K in TemplateName]: (v: CommonVars & TemplateVars[K]) => MailContent };

/** Everything a language says in mail: the templates, the "this wasn't me" part of every notice, where a change came from. */
export interface LanguageCatalog {
  templates: Catalog;
  lockdown: { text: string; label: string };
  from: (client: NonNullable<CommonVars['client']>) => string;
}

export type { Language };
