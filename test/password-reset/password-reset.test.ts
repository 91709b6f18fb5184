import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/secrets.js';
import { STRONG_PASSWORD, type TestUser, expectProblem } from '../helpers/app.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { attemptLogin } from '../helpers/sessions.js';
import { linkIn } from '../helpers/mime.js';
import { NEW_PASSWORD, RESET_SUBJECT, confirmReset, resetToken as resetTokenFor } from '../helpers/password-reset.js';
import { confirmedRecovery } from '../helpers/email-change.js';
import { totpCode, twoFactorUser } from '../helpers/twofactor.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const ORIGIN = 'http://userhub.test';
const SUBJECT = RESET_SUBJECT;

function requestReset(body: unknown, ip?: string) {
  if (ip === undefined) return t.anonymous().post('/api/v1/auth/password-reset', body);
  return t.app
    .inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: ip, payload: body as object })
    .then((res) => ({ status: res.statusCode, body: res.json(), headers: res.headers, text: res.body }));
}

const confirm = (body: unknown) => confirmReset(t, body);
const resetToken = (user: TestUser, to = user.email) => resetTokenFor(t, user, to);

describe('POST /api/v1/auth/password-reset', () => {
  it('for an existing and an unknown account, answers 202 with the same body; only the existing one gets mail', async () => {
    const user = await t.createUser();
    const known = await requestReset({ username: user.username });
    const unknown = await requestReset({ username: 'nobody-at-all' });
    const unknownEmail = await requestReset({ email: 'nobody@example.com' });
    for (const res of [known, unknown, unknownEmail]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(known.body);
    }
    expect(known.body).toEqual({ status: 'accepted', detail: expect.any(String) });
    await t.drain();
    expect(t.smtp.to(user.email).map((m) => m.mail.subject)).toEqual([SUBJECT]);
    expect(t.smtp.to('nobody@example.com')).toEqual([]);
  });

  it('sends the link to the confirmed recovery address when one is set, not to the primary', async () => {
    const { user, client } = await t.signedInUser();
    const recovery = `safe-${user.username}@example.net`;
    await confirmedRecovery(t, client, recovery);
    await resetToken(user, recovery);
    expect(t.smtp.to(user.email).filter((m) => m.mail.subject === SUBJECT)).toEqual([]);
  });

  it('finds the account by email too, in any case', async () => {
    const user = await t.createUser();
    expect((await requestReset({ email: user.email.toUpperCase() })).status).toBe(202);
    expect((await requestReset({ username: user.email })).status).toBe(202);
    await t.drain();
    expect(t.smtp.to(user.email).filter((m) => m.mail.subject === SUBJECT)).toHaveLength(2);
  });

  it('sends nothing to a disabled account', async () => {
    const user = await t.createUser();
    await t.app.userhub.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    expect((await requestReset({ username: user.username })).status).toBe(202);
    await t.drain();
    expect(t.smtp.to(user.email)).toEqual([]);
  });

  it('stores only the SHA-256 of a ≥128-bit token, never the token itself', async () => {
    const user = await t.createUser();
    const token = await resetToken(user);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const rows = await t.app.userhub.database.db.selectFrom('email_tokens').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'password_reset', token_hash: sha256Hex(token), used_at: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    const expiresIn = Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at);
    expect(expiresIn).toBe(30 * 60_000);
  });

  it('records the request on the user’s timeline', async () => {
    const { user, client } = await t.signedInUser();
    await resetToken(user);
    const events = (await client.get('/api/v1/profile/events')).body.items.map((e: { type: string }) => e.type);
    expect(events).toContain('password_reset_requested');
  });

  it('sends at most 5 mails per account and hour, answering 202 all the same', async () => {
    const user = await t.createUser();
    for (let i = 0; i < 7; i++) expect((await requestReset({ username: user.username }, `198.51.100.${i + 1}`)).status).toBe(202);
    await t.drain();
    expect(t.smtp.to(user.email)).toHaveLength(5);
    t.clock.advance(61 * 60_000);
    expect((await requestReset({ username: user.username })).status).toBe(202);
    await t.drain();
    expect(t.smtp.to(user.email)).toHaveLength(6);
  });

  it('limits requests per IP address: 429 rate_limited with Retry-After', async () => {
    const ip = '203.0.113.200';
    let limited: Awaited<ReturnType<typeof requestReset>> | null = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await requestReset({ username: `someone${i}` }, ip);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(202);
    }
    expect(limited).not.toBeNull();
    expect(limited!.body.code).toBe('rate_limited');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await requestReset({ username: 'someone' }, '203.0.113.201')).status).toBe(202);
  });

  it.each([
    ['no field', {}],
    ['a number', { username: 42 }],
    ['an object', { email: { $ne: null } }],
    ['an empty string', { username: '' }],
    ['a huge string', { username: 'x'.repeat(5000) }],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await requestReset(body), 400, 'invalid_request');
  });
});

describe('POST /api/v1/auth/password-reset/confirm', () => {
  it('sets the new password, ends every session, and mails a notice: the whole flow from the link', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.login(user);
    const token = await resetToken(user);

    const res = await confirm({ token, newPassword: NEW_PASSWORD });
    expect(res.status, res.text).toBe(204);

    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await other.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await attemptLogin(t, user.username, STRONG_PASSWORD), 401, 'invalid_credentials');
    expect((await attemptLogin(t, user.username, NEW_PASSWORD)).status).toBe(200);

    const ended = await t.app.userhub.database.db.selectFrom('sessions').select('end_reason').where('user_id', '=', user.id).where('end_reason', 'is not', null).execute();
    expect(ended.map((s) => s.end_reason)).toEqual(['password_reset', 'password_reset']);
    await t.drain();
    expect(t.smtp.to(user.email).map((m) => m.mail.subject)).toContain('Your password was changed');
  });

  it('works once: a second use gives 400 token_invalid', async () => {
    const user = await t.createUser();
    const token = await resetToken(user);
    expect((await confirm({ token, newPassword: NEW_PASSWORD })).status).toBe(204);
    expectProblem(await confirm({ token, newPassword: 'yet another passphrase 5' }), 400, 'token_invalid');
    expect((await attemptLogin(t, user.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('dies after 30 minutes', async () => {
    const user = await t.createUser();
    const token = await resetToken(user);
    t.clock.advance(30 * 60_000 + 1_000);
    expectProblem(await confirm({ token, newPassword: NEW_PASSWORD }), 400, 'token_invalid');
    expect((await attemptLogin(t, user.username, STRONG_PASSWORD)).status).toBe(200);
  });

  it('dies when a newer link is issued', async () => {
    const user = await t.createUser();
    const older = await resetToken(user);
    const newer = await resetToken(user);
    expect(newer).not.toBe(older);
    expectProblem(await confirm({ token: older, newPassword: NEW_PASSWORD }), 400, 'token_invalid');
    expect((await confirm({ token: newer, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it('dies when the password is changed in the profile meanwhile', async () => {
    const { user, client } = await t.signedInUser();
    const token = await resetToken(user);
    expect((await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(204);
    expectProblem(await confirm({ token, newPassword: 'attacker chosen passphrase' }), 400, 'token_invalid');
  });

  it.each([
    ['too short', 'short1', 'password_too_short'],
    ['too common', 'password123', 'password_too_common'],
    ['the username', null, 'password_matches_identity'],
  ])('applies the password policy (%s → 422) and the link stays usable', async (_name, password, code) => {
    const user = await t.createUser();
    const token = await resetToken(user);
    expectProblem(await confirm({ token, newPassword: password ?? user.username }), 422, code);
    expect((await confirm({ token, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it("applies the admin's minimum password length", async () => {
    const { client: admin } = await t.signedInUser({ role: 'admin' });
    const user = await t.createUser();
    expect((await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 40 } })).status).toBe(200);
    try {
      const token = await resetToken(user);
      expectProblem(await confirm({ token, newPassword: NEW_PASSWORD }), 422, 'password_too_short');
      expect((await confirm({ token, newPassword: `${NEW_PASSWORD} and then some more words` })).status).toBe(204);
    } finally {
      await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 8 } });
    }
  });

  it.each([
    ['an unknown token', { token: 'A'.repeat(43), newPassword: NEW_PASSWORD }, 400, 'token_invalid'],
    ['a malformed token', { token: '../../etc', newPassword: NEW_PASSWORD }, 400, 'token_invalid'],
    ['a token of the wrong length', { token: 'abc', newPassword: NEW_PASSWORD }, 400, 'token_invalid'],
    ['no token', { newPassword: NEW_PASSWORD }, 400, 'invalid_request'],
    ['a numeric token', { token: 12345, newPassword: NEW_PASSWORD }, 400, 'invalid_request'],
    ['a huge token', { token: 'x'.repeat(10_000), newPassword: NEW_PASSWORD }, 400, 'invalid_request'],
  ])('given %s, then %i %s', async (_name, body, status, code) => {
    expectProblem(await confirm(body), status, code);
  });

  it('refuses an email-change token used as a reset token', async () => {
    const { user, client } = await t.signedInUser();
    await client.patch('/api/v1/profile', { email: `moved-${user.username}@example.com`, password: STRONG_PASSWORD });
    await t.drain();
    const mail = t.smtp.to(`moved-${user.username}@example.com`)[0]!.mail;
    const { token } = linkIn(mail, ORIGIN, '/confirm-email');
    expectProblem(await confirm({ token, newPassword: NEW_PASSWORD }), 400, 'token_invalid');
  });

  describe('when the user has two-factor authentication', () => {
    it('without a code, then 422 second_factor_required, the password stays and the link stays usable', async () => {
      const { user } = await twoFactorUser(t);
      const token = await resetToken(user);
      const res = await confirm({ token, newPassword: NEW_PASSWORD });
      expectProblem(res, 422, 'second_factor_required');
      expect(res.body.methods).toEqual(['totp', 'recovery_code']);
      expect((await attemptLogin(t, user.username, STRONG_PASSWORD)).status).toBe(200);
      const row = await t.app.userhub.database.db.selectFrom('email_tokens').select('used_at').where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
      expect(row.used_at).toBeNull();
    });

    it('with a TOTP code from the authenticator, the reset goes through and ends every session', async () => {
      const { user, client, secret } = await twoFactorUser(t);
      const token = await resetToken(user);
      const res = await confirm({ token, newPassword: NEW_PASSWORD, code: totpCode(t, secret) });
      expect(res.status, JSON.stringify(res.body)).toBe(204);
      expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
      const login = await attemptLogin(t, user.username, NEW_PASSWORD);
      expect(login.body.status).toBe('second_factor_required');
      expectProblem(await confirm({ token, newPassword: 'yet another new password 3', code: totpCode(t, secret, 1) }), 400, 'token_invalid');
    });

    it('with a recovery code, the reset goes through and the code is used up', async () => {
      const { user, recoveryCodes } = await twoFactorUser(t);
      const token = await resetToken(user);
      expect((await confirm({ token, newPassword: NEW_PASSWORD, code: recoveryCodes[0] })).status).toBe(204);
      const again = await resetToken(user);
      expectProblem(await confirm({ token: again, newPassword: 'yet another new password 3', code: recoveryCodes[0] }), 403, 'invalid_code');
    });

    it('with a wrong or replayed code, then 403 and the password stays', async () => {
      const { user, secret } = await twoFactorUser(t);
      const token = await resetToken(user);
      expectProblem(await confirm({ token, newPassword: NEW_PASSWORD, code: totpCode(t, secret, 5) }), 403, 'invalid_code');
      expectProblem(await confirm({ token, newPassword: NEW_PASSWORD, code: 'abcdef' }), 400, 'malformed_code');
      expectProblem(await attemptLogin(t, user.username, NEW_PASSWORD), 401, 'invalid_credentials');
      expect((await attemptLogin(t, user.username, STRONG_PASSWORD)).body.status).toBe('second_factor_required');
    });
  });
});
