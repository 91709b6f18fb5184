import { expect } from 'vitest';
import { STRONG_PASSWORD, TEST_ORIGIN } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import type { MailTestApp } from '../helpers/mail.js';
import { linkIn } from '../helpers/mime.js';

export const RECOVERY_CONFIRM_SUBJECT = 'Confirm your recovery email address';
export const RECOVERY_CHANGED_SUBJECT = 'Your recovery email address was changed';

/** The token of the newest mail with `subject` to `to`, from its `path` link. */
export async function tokenMailed(t: MailTestApp, to: string, subject: string, path: string): Promise<string> {
  await t.drain();
  const mails = t.smtp.to(to).filter((m) => m.mail.subject === subject);
  expect(mails.length, `no “${subject}” to ${to}`).toBeGreaterThan(0);
  return linkIn(mails[mails.length - 1]!.mail, TEST_ORIGIN, path).token;
}

/** PATCHes a new recovery address (with the password) and returns the confirmation token mailed to it. */
export async function requestRecovery(t: MailTestApp, client: TestClient, address: string): Promise<string> {
  const res = await client.patch('/api/v1/profile', { recoveryEmail: address, password: STRONG_PASSWORD });
  expect(res.status, res.text).toBe(200);
  expect(res.body.pendingRecoveryEmail).toBe(address);
  return tokenMailed(t, address, RECOVERY_CONFIRM_SUBJECT, '/confirm-email');
}

/** Sets and confirms a recovery address through the API and the mail. */
export async function confirmedRecovery(t: MailTestApp, client: TestClient, address: string): Promise<void> {
  const token = await requestRecovery(t, client, address);
  const res = await t.anonymous().post('/api/v1/profile/email/confirm', { token });
  expect(res.status, res.text).toBe(200);
}
