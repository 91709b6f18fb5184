import { expect } from 'vitest';
import { STRONG_PASSWORD } from './app.js';
import type { TestClient } from './client.js';
import { type MailTestApp, tokenMailed } from './mail.js';

export const RECOVERY_CONFIRM_SUBJECT = 'Confirm your recovery email address';
export const RECOVERY_CHANGED_SUBJECT = 'Your recovery email address was changed';

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
