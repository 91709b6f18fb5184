import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestUser, expectProblem } from '../helpers/app.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { createToken, tokenClient } from '../helpers/tokens.js';
import type { TestClient } from '../helpers/client.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { NEW_PASSWORD, confirmReset, resetToken as resetTokenFor } from '../helpers/password-reset.js';
import { totpCode, twoFactorUser } from '../helpers/twofactor.js';

/** Issue 12.13: a password reset may also revoke every API token and app password (a clean slate). */
let t: MailTestApp;
let mailApp: { id: string; secret: string };
beforeAll(async () => {
  t = await setupMailApp();
  mailApp = await registerApp(t, 'Mail');
});
afterAll(async () => t.close());

const confirm = (body: unknown) => confirmReset(t, body);
const resetToken = (user: TestUser) => resetTokenFor(t, user);

/** Two tokens and two app passwords for the signed-in user. */
async function credentials(client: TestClient) {
  return {
    tokens: [await createToken(client, 'readonly', { name: 'backup' }), await createToken(client, 'readwrite', { name: 'deploy' })],
    appPasswords: [await createAppPassword(client, mailApp.id, 'Laptop'), await createAppPassword(client, mailApp.id, 'Phone')],
  };
}

type Credentials = Awaited<ReturnType<typeof credentials>>;

async function tokensWork(creds: Credentials): Promise<boolean[]> {
  return Promise.all(creds.tokens.map(async ({ token }) => (await tokenClient(t, token).get('/api/v1/profile')).status === 200));
}

async function appPasswordsWork(user: TestUser, creds: Credentials): Promise<boolean[]> {
  return Promise.all(
    creds.appPasswords.map(async ({ password }) => (await appAuthenticate(t, mailApp.id, mailApp.secret, user.username, password)).status === 200),
  );
}

async function events(user: { username: string }, password: string) {
  const client = await t.login({ username: user.username, password });
  const res = await client.get('/api/v1/profile/events?limit=100');
  expect(res.status).toBe(200);
  return res.body.items as { type: string; details: Record<string, unknown> }[];
}

describe('POST /api/v1/auth/password-reset/confirm with revokeCredentials', () => {
  it('true: every API token and app password of the user dies with the new password, each on the timeline', async () => {
    const { user, client } = await t.signedInUser();
    const mine = await credentials(client);
    const bystander = await t.signedInUser();
    const theirs = await credentials(bystander.client);

    const res = await confirm({ token: await resetToken(user), newPassword: NEW_PASSWORD, revokeCredentials: true });
    expect(res.status, JSON.stringify(res.body)).toBe(204);

    expect(await tokensWork(mine)).toEqual([false, false]);
    expect(await appPasswordsWork(user, mine)).toEqual([false, false]);
    const db = t.app.userhub.database.db;
    expect(await db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect(await db.selectFrom('app_passwords').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    // someone else's are untouched
    expect(await tokensWork(theirs)).toEqual([true, true]);
    expect(await appPasswordsWork(bystander.user, theirs)).toEqual([true, true]);

    const timeline = await events(user, NEW_PASSWORD);
    const revokedTokens = timeline.filter((e) => e.type === 'token_revoked');
    const revokedAppPasswords = timeline.filter((e) => e.type === 'app_password_revoked');
    expect(revokedTokens.map((e) => e.details.tokenId).sort()).toEqual(mine.tokens.map((c) => c.id).sort());
    expect(revokedAppPasswords.map((e) => e.details.appPasswordId).sort()).toEqual(mine.appPasswords.map((c) => c.id).sort());
    for (const event of [...revokedTokens, ...revokedAppPasswords]) expect(event.details.reason).toBe('password_reset');
    expect(timeline.find((e) => e.type === 'password_reset_completed')?.details).toMatchObject({ revokedTokens: 2, revokedAppPasswords: 2 });
  });

  it('absent (the default) or false: tokens and app passwords keep working', async () => {
    for (const revokeCredentials of [undefined, false]) {
      const { user, client } = await t.signedInUser();
      const mine = await credentials(client);
      expect((await confirm({ token: await resetToken(user), newPassword: NEW_PASSWORD, revokeCredentials })).status).toBe(204);
      expect(await tokensWork(mine)).toEqual([true, true]);
      expect(await appPasswordsWork(user, mine)).toEqual([true, true]);
      expect((await events(user, NEW_PASSWORD)).filter((e) => e.type === 'token_revoked')).toEqual([]);
    }
  });

  it('not a boolean: 400 invalid_request, nothing changes', async () => {
    const { user, client } = await t.signedInUser();
    const mine = await credentials(client);
    const token = await resetToken(user);
    expectProblem(await confirm({ token, newPassword: NEW_PASSWORD, revokeCredentials: 'yes' }), 400, 'invalid_request');
    expect(await tokensWork(mine)).toEqual([true, true]);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: STRONG_PASSWORD })).status).toBe(200);
  });

  it('a refused reset (weak password, wrong second factor) revokes nothing: one transaction with the new password', async () => {
    const { user, client, secret } = await twoFactorUser(t);
    const mine = await credentials(client);
    const token = await resetToken(user);
    expectProblem(await confirm({ token, newPassword: 'password', revokeCredentials: true, code: totpCode(t, secret) }), 422, 'password_too_common');
    expectProblem(await confirm({ token, newPassword: NEW_PASSWORD, revokeCredentials: true, code: totpCode(t, secret, 5) }), 403, 'invalid_code');
    expect(await tokensWork(mine)).toEqual([true, true]);
    expect(await appPasswordsWork(user, mine)).toEqual([true, true]);

    const res = await confirm({ token, newPassword: NEW_PASSWORD, revokeCredentials: true, code: totpCode(t, secret) });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(await tokensWork(mine)).toEqual([false, false]);
    expect(await appPasswordsWork(user, mine)).toEqual([false, false]);
  });
});
