import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORIGIN, type TestUser, expectProblem } from '../helpers/app.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import type { TestClient } from '../helpers/client.js';
import { type MailTestApp, setupMailApp, tokenMailed } from '../helpers/mail.js';
import { linkIn } from '../helpers/mime.js';
import { NEW_PASSWORD, RESET_SUBJECT, confirmReset } from '../helpers/password-reset.js';
import { eventsOf } from '../helpers/activity.js';
import { issueToken, tokenClient } from '../helpers/tokens.js';
import { enableTotp, nextStep, totpCode } from '../helpers/twofactor.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const PASSWORD_CHANGED = 'Your password was changed';

/** A user who changed their password (the notice carries a lockdown link), with a recovery address. */
async function userWithNotice(): Promise<{ user: TestUser; client: TestClient; recovery: string; lockdownToken: string }> {
  const created = await t.signedInUser();
  const recovery = `safe-${created.user.username}@example.net`;
  await db().updateTable('users').set({ recovery_email: recovery }).where('id', '=', created.user.id).execute();
  const changed = await created.client.put('/api/v1/profile/password', { currentPassword: created.user.password, newPassword: NEW_PASSWORD });
  expect(changed.status, JSON.stringify(changed.body)).toBe(204);
  const user = { ...created.user, password: NEW_PASSWORD };
  const lockdownToken = await tokenMailed(t, user.email, PASSWORD_CHANGED, '/lockdown');
  return { user, client: created.client, recovery, lockdownToken };
}

const lockDown = (token: unknown) => t.anonymous().post('/api/v1/auth/lockdown', { token });
const signIn = (user: { username: string }, password: string) => t.anonymous().post('/api/v1/auth/login', { username: user.username, password });

describe('"This wasn\'t me": the lockdown link of a security notice', () => {
  it('every security notice carries it, in text and HTML; a link mail (the reset) does not', async () => {
    const { user } = await userWithNotice();
    await t.drain();
    const notice = t.smtp.to(user.email).find((m) => m.mail.subject === PASSWORD_CHANGED)!;
    expect(notice.mail.text).toContain('This wasn’t me: lock my account:');
    expect(notice.mail.html).toContain(`href="${TEST_ORIGIN}/lockdown?token=`);
    const rows = await db().selectFrom('email_tokens').select(['purpose', 'expires_at', 'created_at']).where('user_id', '=', user.id).where('purpose', '=', 'lockdown').execute();
    expect(rows).toHaveLength(1);
    expect(Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at)).toBe(7 * 24 * 3_600_000);
  });

  it('locks the account: sessions end, tokens, app passwords and app grants go, sign-in waits for the reset mailed to the recovery address; 2FA stays', async () => {
    const { user, client, recovery, lockdownToken } = await userWithNotice();
    const totp = await enableTotp(t, client);
    const token = await issueToken(t, user.id);
    const app = await registerApp(t, `Mail ${user.username}`);
    const appPassword = await createAppPassword(client, app.id);
    // an app's consent (single sign-on), as the provider stores it
    await db().insertInto('oidc_models').values({ kind: 'Grant', id: `grant-${user.id}`, payload: '{}', grant_id: null, uid: null, user_code: null, account_id: user.id, expires_at: null, consumed_at: null }).execute();
    await db().insertInto('oidc_models').values({ kind: 'RefreshToken', id: `rt-${user.id}`, payload: '{}', grant_id: `grant-${user.id}`, uid: null, user_code: null, account_id: user.id, expires_at: null, consumed_at: null }).execute();

    const res = await lockDown(lockdownToken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      status: 'locked',
      sessionsEnded: 1,
      tokensRevoked: 1,
      appPasswordsRevoked: 1,
      appsRevoked: 1,
      // the reset goes to the mailbox that got the notice
      resetMailedTo: `${user.username[0]}•••@example.com`,
      managedByDirectory: false,
    });
    // a lockdown link never signs anyone in
    expect(res.headers['set-cookie']).toBeUndefined();

    expect((await client.get('/api/v1/profile')).status).toBe(401);
    expect((await tokenClient(t, token).get('/api/v1/profile')).status).toBe(401);
    expect((await appAuthenticate(t, app.id, app.secret, user.username, appPassword.password)).status).toBe(401);
    expect(await db().selectFrom('oidc_models').select('id').where('account_id', '=', user.id).execute()).toEqual([]);
    expectProblem(await signIn(user, user.password), 403, 'password_reset_required');

    const events = await eventsOf(t, user.id, 'account_locked_down');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ via: 'link', sessionsEnded: 1, tokensRevoked: 1, appPasswordsRevoked: 1, appsRevoked: 1, resetMailed: true });

    // 2FA stays; the reset link went to the notice's mailbox (not the recovery address), and using it opens sign-in again
    expect(await db().selectFrom('totp_credentials').select('user_id').where('user_id', '=', user.id).execute()).toHaveLength(1);
    await t.drain();
    expect(t.smtp.to(recovery).filter((m) => m.mail.subject === RESET_SUBJECT)).toHaveLength(0);
    const reset = await tokenMailed(t, user.email, RESET_SUBJECT, '/reset');
    nextStep(t);
    const confirmed = await confirmReset(t, { token: reset, newPassword: 'yet another long passphrase 77', code: totpCode(t, totp.secret) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(204);
    const after = await signIn(user, 'yet another long passphrase 77');
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.status).toBe('second_factor_required');
  });

  it('a used, unknown, malformed or other kind of link is 400 token_invalid and changes nothing', async () => {
    const { user, client, recovery, lockdownToken } = await userWithNotice();
    expectProblem(await lockDown('A'.repeat(43)), 400, 'token_invalid');
    expectProblem(await lockDown('short'), 400, 'token_invalid');
    expectProblem(await lockDown(42), 400, 'invalid_request');
    // the password-reset link of the same user is not a lockdown link
    expect((await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username })).status).toBe(202);
    const reset = await tokenMailed(t, recovery, RESET_SUBJECT, '/reset');
    expectProblem(await lockDown(reset), 400, 'token_invalid');
    expect((await client.get('/api/v1/profile')).status).toBe(200);

    expect((await lockDown(lockdownToken)).status).toBe(200);
    expectProblem(await lockDown(lockdownToken), 400, 'token_invalid');
    expect(await eventsOf(t, user.id, 'account_locked_down')).toHaveLength(1);
  });

  it('an expired link (after 7 days) is refused', async () => {
    const { lockdownToken } = await userWithNotice();
    t.clock.advance(7 * 24 * 3_600_000 + 1_000);
    expectProblem(await lockDown(lockdownToken), 400, 'token_invalid');
  });
});

describe('a lockdown against an intruder who changed the addresses', () => {
  it('the reset goes to the old address that got the "email changed" notice, never to the new one', async () => {
    const { user } = await t.signedInUser();
    // an intruder changed the primary address (confirmed from their own mailbox), and there is no recovery address
    const users = t.app.userhub.services.users;
    const before = (await users.findById(user.id))!;
    const intruder = `intruder-${user.username}@evil.example`;
    await db().transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ email: intruder, email_lower: intruder }).where('id', '=', user.id).execute();
      await t.app.userhub.services.mail.enqueueNotice(trx, before, 'email_changed', { link: `${TEST_ORIGIN}/undo-email?token=x`, newEmail: intruder, days: 7 });
    });
    const token = await tokenMailed(t, user.email, 'Your email address was changed', '/lockdown');
    const res = await lockDown(token);
    expect(res.status).toBe(200);
    expect(res.body.resetMailedTo).toBe(`${user.username[0]}•••@example.com`);
    const reset = await tokenMailed(t, user.email, RESET_SUBJECT, '/reset');
    expect(reset).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.smtp.to(intruder).filter((m) => m.mail.subject === RESET_SUBJECT)).toHaveLength(0);
  });
});

describe('a sign-in that raced a lockdown', () => {
  it('its session and any token of a locked-down user are refused on the next request', async () => {
    const { user, client } = await t.signedInUser();
    const token = await issueToken(t, user.id);
    // as if the sign-in committed right after the lockdown
    await db().updateTable('users').set({ password_reset_required: 1 }).where('id', '=', user.id).execute();
    expect((await client.get('/api/v1/profile')).status).toBe(401);
    expect((await tokenClient(t, token).get('/api/v1/profile')).status).toBe(401);
    const ended = await db().selectFrom('sessions').select('end_reason').where('user_id', '=', user.id).execute();
    expect(ended.map((s) => s.end_reason)).toEqual(['lockdown']);
    // apps that check the main password get the same refusal as the sign-in
    const app = await registerApp(t, `Wiki ${user.username}`);
    expectProblem(await appAuthenticate(t, app.id, app.secret, user.username, user.password), 403, 'password_reset_required');
  });
});

describe('"This wasn\'t me" while signed in', () => {
  it('POST /profile/lockdown locks the account and ends this session too (cookie cleared)', async () => {
    const { user, client } = await t.signedInUser();
    await db().updateTable('users').set({ recovery_email: `safe-${user.username}@example.net` }).where('id', '=', user.id).execute();
    const other = await t.login(user);
    const res = await client.post('/api/v1/profile/lockdown');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // signed in, the reset goes to the recovery address
    expect(res.body).toMatchObject({ status: 'locked', sessionsEnded: 2, resetMailedTo: 's•••@example.net' });
    expect(String(res.headers['set-cookie'])).toMatch(/userhub_session=;/);
    expect((await client.get('/api/v1/profile')).status).toBe(401);
    expect((await other.get('/api/v1/profile')).status).toBe(401);
    expectProblem(await signIn(user, user.password), 403, 'password_reset_required');
    expect(JSON.parse((await eventsOf(t, user.id, 'account_locked_down'))[0]!.details)).toMatchObject({ via: 'session' });
  });

  it('refuses without a session, and with an API token (interactive only)', async () => {
    const { user } = await t.signedInUser();
    expect((await t.anonymous().post('/api/v1/profile/lockdown')).status).toBe(401);
    expect((await tokenClient(t, await issueToken(t, user.id)).post('/api/v1/profile/lockdown')).status).toBe(403);
    expect(await eventsOf(t, user.id, 'account_locked_down')).toHaveLength(0);
  });
});

describe('lockdown notices', () => {
  it('creating an app password mails a notice with a lockdown link', async () => {
    const { user, client } = await t.signedInUser();
    const app = await registerApp(t, `Chat ${user.username}`);
    await createAppPassword(client, app.id, 'phone');
    const token = await tokenMailed(t, user.email, 'A new app password was created', '/lockdown');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const mail = t.smtp.to(user.email).find((m) => m.mail.subject === 'A new app password was created')!;
    expect(mail.mail.text).toContain(`“phone” for Chat ${user.username}`);
    expect(linkIn(mail.mail, TEST_ORIGIN, '/lockdown').token).toBe(token);
  });
});
