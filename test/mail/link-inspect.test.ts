import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestUser, expectProblem, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { RECOVERY_CHANGED_SUBJECT, confirmedRecovery, requestRecovery } from '../helpers/email-change.js';
import { type MailTestApp, setupMailApp, tokenMailed } from '../helpers/mail.js';
import { NEW_PASSWORD, confirmReset, resetToken } from '../helpers/password-reset.js';
import { enableTotp } from '../helpers/twofactor.js';

/**
 * The inspect routes the pages opened from mailed links read first: what the link is about,
 * without using it up; a link that would be refused is refused here with the same problem.
 */
let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const post = (path: string, body: unknown) => t.anonymous().post(`/api/v1${path}`, body);

const CONFIRM_SUBJECT = 'Confirm your new email address';
const CHANGED_SUBJECT = 'Your email address was changed';
const INVITE_SUBJECT = 'Choose the password of your new account';

/** Refusals every inspect route gives alike: the confirm routes' own answers. */
const MALFORMED: [string, unknown][] = [
  ['no token', {}],
  ['a number', { token: 42 }],
  ['an empty string', { token: '' }],
  ['a huge string', { token: 'x'.repeat(5000) }],
];

describe('POST /api/v1/auth/password-reset/inspect', () => {
  it('names the user and the masked address, says no code is needed without 2FA, and uses nothing up', async () => {
    const user = await t.createUser();
    const token = await resetToken(t, user);
    const before = await db().selectFrom('email_tokens').selectAll().where('user_id', '=', user.id).execute();
    for (let i = 0; i < 2; i++) {
      const res = await post('/auth/password-reset/inspect', { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({
        username: user.username,
        maskedEmail: `${user.email[0]}•••@${user.email.split('@')[1]}`,
        twoFactor: false,
        expiresAt: before[0]!.expires_at,
      });
    }
    // not used, not extended, no attempt counted
    expect(await db().selectFrom('email_tokens').selectAll().where('user_id', '=', user.id).execute()).toEqual(before);
    expect((await confirmReset(t, { token, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it('says a code is needed for a user with TOTP', async () => {
    const { user, client } = await t.signedInUser();
    await enableTotp(t, client);
    const token = await resetToken(t, user);
    const res = await post('/auth/password-reset/inspect', { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.twoFactor).toBe(true);
  });

  it('masks the recovery address when the mail went there', async () => {
    const { user, client } = await t.signedInUser();
    const recovery = `safe-${user.username}@example.net`;
    await confirmedRecovery(t, client, recovery);
    const token = await resetToken(t, user, recovery);
    expect((await post('/auth/password-reset/inspect', { token })).body.maskedEmail).toBe('s•••@example.net');
  });

  it('refuses a used, an expired, a replaced, an unknown and another kind of link with 400 token_invalid, and reveals nothing', async () => {
    const user = await t.createUser();
    const used = await resetToken(t, user);
    expect((await confirmReset(t, { token: used, newPassword: NEW_PASSWORD })).status).toBe(204);
    const replaced = await resetToken(t, user);
    const expired = await resetToken(t, user);
    const lockdown = await tokenMailed(t, user.email, 'Your password was changed', '/lockdown');
    for (const token of [used, replaced, lockdown, 'A'.repeat(43), 'not-a-token']) {
      const res = await post('/auth/password-reset/inspect', { token });
      expectProblem(res, 400, 'token_invalid');
      expect(res.text).not.toContain(user.username);
    }
    t.clock.advance(30 * 60_000 + 1_000);
    expectProblem(await post('/auth/password-reset/inspect', { token: expired }), 400, 'token_invalid');
  });

  it('refuses a disabled user with 403 user_disabled, as confirming does', async () => {
    const user = await t.createUser();
    const token = await resetToken(t, user);
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    expectProblem(await post('/auth/password-reset/inspect', { token }), 403, 'user_disabled');
    expectProblem(await confirmReset(t, { token, newPassword: NEW_PASSWORD }), 403, 'user_disabled');
  });

  it.each(MALFORMED)('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await post('/auth/password-reset/inspect', body), 400, 'invalid_request');
  });
});

/** PATCHes the primary email and returns the token mailed to the new address. */
async function requestChange(client: TestClient, newEmail: string): Promise<string> {
  const res = await client.patch('/api/v1/profile', { email: newEmail, password: STRONG_PASSWORD });
  expect(res.status, res.text).toBe(200);
  return tokenMailed(t, newEmail, CONFIRM_SUBJECT, '/confirm-email');
}

describe('POST /api/v1/profile/email/inspect', () => {
  it('a primary confirm link names the new address and the user; confirming still works after', async () => {
    const { user, client } = await t.signedInUser();
    const newEmail = `new-${user.username}@example.org`;
    const token = await requestChange(client, newEmail);
    const res = await post('/profile/email/inspect', { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ address: newEmail, kind: 'primary', action: 'confirm', username: user.username, expiresAt: expect.any(String) });
    expect(res.body.current).toBeUndefined();
    expect((await post('/profile/email/inspect', { token })).status).toBe(200);
    expect((await post('/profile/email/confirm', { token })).body.email).toBe(newEmail);
    expectProblem(await post('/profile/email/inspect', { token }), 400, 'token_invalid');

    const undo = await tokenMailed(t, user.email, CHANGED_SUBJECT, '/undo-email');
    const inspected = await post('/profile/email/inspect', { token: undo });
    expect(inspected.body).toEqual({ address: user.email, kind: 'primary', action: 'undo', username: user.username, current: newEmail, expiresAt: expect.any(String) });
    expect((await post('/profile/email/undo', { token: undo })).body.email).toBe(user.email);
    expectProblem(await post('/profile/email/inspect', { token: undo }), 400, 'token_invalid');
  });

  it('a recovery confirm link names the new recovery address; its undo names what comes back (none) and what goes', async () => {
    const { user, client } = await t.signedInUser();
    const address = `rescue-${user.username}@example.net`;
    const token = await requestRecovery(t, client, address);
    expect((await post('/profile/email/inspect', { token })).body).toMatchObject({ address, kind: 'recovery', action: 'confirm', username: user.username });
    expect((await post('/profile/email/confirm', { token })).status).toBe(200);
    const undo = await tokenMailed(t, user.email, RECOVERY_CHANGED_SUBJECT, '/undo-email');
    expect((await post('/profile/email/inspect', { token: undo })).body).toMatchObject({ address: null, kind: 'recovery', action: 'undo', current: address });
    expect((await post('/profile/email/undo', { token: undo })).body.recoveryEmail).toBeNull();
  });

  it('refuses an expired, an unknown and another kind of link with 400 token_invalid', async () => {
    const { user, client } = await t.signedInUser();
    const token = await requestChange(client, `later-${user.username}@example.org`);
    const reset = await resetToken(t, user);
    for (const other of [reset, 'B'.repeat(43)]) expectProblem(await post('/profile/email/inspect', { token: other }), 400, 'token_invalid');
    t.clock.advance(24 * 3_600_000 + 1_000);
    expectProblem(await post('/profile/email/inspect', { token }), 400, 'token_invalid');
    expectProblem(await post('/profile/email/confirm', { token }), 400, 'token_invalid');
  });

  it.each(MALFORMED)('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await post('/profile/email/inspect', body), 400, 'invalid_request');
  });
});

async function invited(): Promise<{ username: string; token: string; id: string }> {
  const username = uniqueName('invited');
  // a fresh admin each time: the clock jumps past sessions' idle timeout in this file
  const admin = await t.login(await t.createUser({ role: 'admin' }));
  const res = await admin.post('/api/v1/admin/users', { username, email: `${username}@example.com`, displayName: 'Ada Invited', invite: true });
  expect(res.status, res.text).toBe(201);
  return { username, id: res.body.user.id, token: await tokenMailed(t, `${username}@example.com`, INVITE_SUBJECT, '/invite') };
}

describe('POST /api/v1/auth/invitation/inspect', () => {
  it('names the username the invitation signs in as; accepting still works after; then the link is refused', async () => {
    const { username, token } = await invited();
    const res = await post('/auth/invitation/inspect', { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ username, displayName: 'Ada Invited', expiresAt: expect.any(String) });
    expect((await post('/auth/invitation', { token, newPassword: NEW_PASSWORD })).status).toBe(200);
    expectProblem(await post('/auth/invitation/inspect', { token }), 400, 'token_invalid');
  });

  it('refuses an invitation of a disabled user with 403 user_disabled, and an expired one with 400 token_invalid', async () => {
    const disabled = await invited();
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
    expectProblem(await post('/auth/invitation/inspect', { token: disabled.token }), 403, 'user_disabled');
    const late = await invited();
    t.clock.advance(7 * 24 * 3_600_000 + 1_000);
    expectProblem(await post('/auth/invitation/inspect', { token: late.token }), 400, 'token_invalid');
  });

  it.each(MALFORMED)('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await post('/auth/invitation/inspect', body), 400, 'invalid_request');
  });
});

describe('POST /api/v1/auth/lockdown/inspect', () => {
  async function lockdownToken(): Promise<{ user: TestUser; token: string }> {
    const { user, client } = await t.signedInUser();
    expect((await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: NEW_PASSWORD })).status).toBe(204);
    return { user, token: await tokenMailed(t, user.email, 'Your password was changed', '/lockdown') };
  }

  it('names the user whose account the link locks; locking still works after; then the link is refused', async () => {
    const { user, token } = await lockdownToken();
    const res = await post('/auth/lockdown/inspect', { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ username: user.username, expiresAt: expect.any(String) });
    expect((await post('/auth/lockdown', { token })).status).toBe(200);
    expectProblem(await post('/auth/lockdown/inspect', { token }), 400, 'token_invalid');
  });

  it.each(MALFORMED)('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await post('/auth/lockdown/inspect', body), 400, 'invalid_request');
  });
});
