import { expect } from 'vitest';
import type { TestUser } from './app.js';
import { type MailTestApp, tokenMailed } from './mail.js';

export const RESET_SUBJECT = 'Reset your password';
export const NEW_PASSWORD = 'a fresh and long passphrase 31';

/** Asks for a reset for `user` and returns the token from the link in the newest mail to `to`. */
export async function resetToken(t: MailTestApp, user: TestUser, to = user.email): Promise<string> {
  const before = t.smtp.to(to).length;
  expect((await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username })).status).toBe(202);
  const token = await tokenMailed(t, to, RESET_SUBJECT, '/reset');
  expect(t.smtp.to(to).length).toBeGreaterThan(before);
  return token;
}

/** POST /auth/password-reset/confirm as the reset page sends it. */
export function confirmReset(t: MailTestApp, body: unknown) {
  return t.anonymous().post('/api/v1/auth/password-reset/confirm', body);
}
