import type { Budget, Window } from '../lib/rate-budget.js';
import type { NoticeName } from './templates.js';

const HOUR_MS = 3_600_000;

/**
 * Mails someone asks for, carrying a link to act on: a password reset, the confirmation of a new
 * address, an invitation sent again by an administrator (the first one is not budgeted: it comes
 * once per account, see MailService.enqueueInvitation).
 */
export type LinkMail = 'password_reset' | 'email_confirm' | 'recovery_email_confirm' | 'invitation';

/**
 * Notices with an undo link (an address changed). They are counted like every notice but never
 * dropped: a spent notice budget must not hide a takeover. Each follows a confirmed change
 * (bounded by the confirmation budget) or a removal of the recovery address, which needs a
 * recent sign-in and goes to the user's own primary address.
 */
export type UndoNotice = 'email_changed' | 'recovery_email_changed';

/** Link mails per recipient and hour (all kinds together), and per user, kind and hour. */
export const LINK_MAILS_PER_HOUR = 5;
/** Other notices per recipient and per user: per hour, and per day. */
export const NOTICES_PER_HOUR = 20;
export const NOTICES_PER_DAY = 100;

const LINK_WINDOWS: readonly Window[] = [{ windowMs: HOUR_MS, max: LINK_MAILS_PER_HOUR }];
const NOTICE_WINDOWS: readonly Window[] = [
  { windowMs: HOUR_MS, max: NOTICES_PER_HOUR },
  { windowMs: 24 * HOUR_MS, max: NOTICES_PER_DAY },
];

export const recipientKey = (address: string) => address.trim().toLowerCase();

export function linkMailBudgets(userId: string, to: string, kind: LinkMail): Budget[] {
  return [
    { key: `mail-to:${recipientKey(to)}`, windows: LINK_WINDOWS },
    // per kind: anonymous reset requests must not use up the owner's own email-change mails
    { key: `mail-user:${userId}:${kind}`, windows: LINK_WINDOWS },
  ];
}

export function noticeBudgets(userId: string, to: string): Budget[] {
  return [
    { key: `notice-to:${recipientKey(to)}`, windows: NOTICE_WINDOWS },
    { key: `notice-user:${userId}`, windows: NOTICE_WINDOWS },
  ];
}

export type AnyNotice = NoticeName | UndoNotice;
