import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestUser, expectProblem, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { appAuthenticate, registerApp } from '../helpers/app-passwords.js';
import { eventsOf } from '../helpers/activity.js';
import { insertDirectoryUser } from '../helpers/directory.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { confirmReset, resetToken } from '../helpers/password-reset.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';
import { attemptLogin } from '../helpers/sessions.js';
import { enableTotp, totpCode } from '../helpers/twofactor.js';

/**
 * Temporary passwords: an administrator sets a password with mustChangePassword (on create, or
 * flags the current one with PATCH); the next password sign-in, after the second factor when 2FA
 * is on, asks for a new password before any session exists.
 */
let t: MailTestApp;
let admin: TestClient;
let adminUser: TestUser;

beforeAll(async () => {
  t = await setupMailApp();
  adminUser = await t.createUser({ role: 'admin' });
  admin = await t.login(adminUser);
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const TEMPORARY = 'the administrator’s passphrase 1';
const CHOSEN = 'my very own passphrase 2';

/** A user an admin created with a temporary password, through the API. */
async function temporaryUser(body: Record<string, unknown> = {}): Promise<TestUser> {
  const username = uniqueName('temp');
  const res = await admin.post('/api/v1/admin/users', { username, email: `${username}@example.com`, password: TEMPORARY, mustChangePassword: true, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.user.id, username, email: `${username}@example.com`, password: (res.body.password as string | null) ?? TEMPORARY };
}

/** The password step, expecting `password_change_required`; the ticket. */
async function changeTicket(user: { username: string; password: string }): Promise<string> {
  t.clock.advance(61_000); // out of the minute's sign-in budget of earlier tries
  const res = await attemptLogin(t, user.username, user.password);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toEqual({ status: 'password_change_required', ticket: expect.any(String), expiresAt: expect.any(String) });
  expect(res.headers['set-cookie']).toBeUndefined();
  return res.body.ticket;
}

const change = (ticket: string, newPassword = CHOSEN, client = t.anonymous()) => client.post('/api/v1/auth/login/password-change', { ticket, newPassword });
const activeSessions = async (userId: string) =>
  (await db().selectFrom('sessions').select(['id', 'method']).where('user_id', '=', userId).where('ended_at', 'is', null).execute());

describe('a temporary password set at creation', () => {
  it('given mustChangePassword on create, then the view says so, the password step answers password_change_required and opens no session', async () => {
    const user = await temporaryUser();
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body).toMatchObject({ mustChangePassword: true, invitationPending: false });
    const lifetime = Date.parse((await attemptLogin(t, user.username, user.password)).body.expiresAt) - t.clock.nowMs();
    expect(lifetime).toBeGreaterThan(4 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000);
    expect(await activeSessions(user.id)).toEqual([]);
    expect(JSON.parse((await eventsOf(t, user.id, 'temporary_password_set'))[0]!.details)).toEqual({ by: adminUser.username });
    // a wrong password is the usual answer
    expectProblem(await attemptLogin(t, user.username, 'not the password at all'), 401, 'invalid_credentials');
  });

  it('given the ticket and a new password, then 200 with the cookie, the flag is cleared, the event and the notice are there, and the new password signs in directly', async () => {
    const user = await temporaryUser();
    const client = t.anonymous();
    const res = await change(await changeTicket(user), CHOSEN, client);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ status: 'ok', user: expect.objectContaining({ id: user.id, mustChangePassword: false }) });
    expect(String(res.headers['set-cookie'])).toMatch(/userhub_session=/);
    expect((await client.get('/api/v1/profile')).status).toBe(200);
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body.mustChangePassword).toBe(false);
    expect(await eventsOf(t, user.id, 'temporary_password_changed')).toHaveLength(1);
    expect(JSON.parse((await eventsOf(t, user.id, 'sign_in_succeeded'))[0]!.details)).toEqual({ method: 'password' });
    await t.drain();
    expect(t.smtp.to(user.email).map((m) => m.mail.subject)).toContain('Your password was changed');

    t.clock.advance(61_000);
    expectProblem(await attemptLogin(t, user.username, TEMPORARY), 401, 'invalid_credentials');
    expect((await attemptLogin(t, user.username, CHOSEN)).body.status).toBe('ok');
  });

  it('given no password on create (generated) with mustChangePassword, then the generated one leads to the password change', async () => {
    const username = uniqueName('gen');
    const res = await admin.post('/api/v1/admin/users', { username, email: `${username}@example.com`, mustChangePassword: true });
    expect(res.status).toBe(201);
    expect(res.body.password).toEqual(expect.any(String));
    const ticket = await changeTicket({ username, password: res.body.password });
    expect((await change(ticket)).status).toBe(200);
  });

  it('given no mustChangePassword (the API default), then the password signs in directly: scripts keep working', async () => {
    const username = uniqueName('plain');
    const res = await admin.post('/api/v1/admin/users', { username, email: `${username}@example.com`, password: STRONG_PASSWORD });
    expect(res.body.user.mustChangePassword).toBe(false);
    expect((await attemptLogin(t, username, STRONG_PASSWORD)).body.status).toBe('ok');
  });
});

describe('POST /api/v1/auth/login/password-change refusals', () => {
  it('given the temporary password again, then 422 password_unchanged and the ticket still works', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    expectProblem(await change(ticket, TEMPORARY), 422, 'password_unchanged');
    expect((await change(ticket)).status).toBe(200);
  });

  it('given a password the policy refuses, then 422 with its code, nothing is spent and nothing changes', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    for (let i = 0; i < 6; i++) expectProblem(await change(ticket, 'short'), 422, 'password_too_short');
    expectProblem(await change(ticket, user.username), 422, 'password_matches_identity');
    expectProblem(await change(ticket, 'password123'), 422, 'password_too_common');
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body.mustChangePassword).toBe(true);
    expect((await change(ticket)).status).toBe(200);
  });

  it('given the ticket used once, then 401 invalid_ticket; given five tries with the temporary password, then the ticket is dead', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    expect((await change(ticket)).status).toBe(200);
    expectProblem(await change(ticket, 'yet another passphrase 3'), 401, 'invalid_ticket');

    const other = await temporaryUser();
    const spent = await changeTicket(other);
    for (let i = 0; i < 5; i++) expectProblem(await change(spent, TEMPORARY), 422, 'password_unchanged');
    expectProblem(await change(spent), 401, 'invalid_ticket');
  });

  it('given an expired ticket (5 minutes), or one that never was, then 401 invalid_ticket', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    t.clock.advance(5 * 60_000 + 1_000);
    expectProblem(await change(ticket), 401, 'invalid_ticket');
    expectProblem(await change('no such ticket'), 401, 'invalid_ticket');
    admin = await t.login(adminUser);
  });

  it('given a password-change ticket at /auth/login/second-factor, or a second-step ticket here, then 401 invalid_ticket', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    expectProblem(await t.anonymous().post('/api/v1/auth/login/second-factor', { ticket, code: '123456' }), 401, 'invalid_ticket');
    expectProblem(await t.anonymous().post('/api/v1/auth/login/second-factor/passkey/options', { ticket }), 401, 'invalid_ticket');

    const { user: twoFactor, client } = await t.signedInUser();
    await enableTotp(t, client);
    const second = await attemptLogin(t, twoFactor.username, twoFactor.password);
    expect(second.body.status).toBe('second_factor_required');
    expectProblem(await change(second.body.ticket), 401, 'invalid_ticket');
    // both tickets still do their own job
    expect((await change(ticket)).status).toBe(200);
  });

  it('given a password reset meanwhile, then the flag is gone and the pending ticket is dead', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    const reset = await resetToken(t, user);
    expect((await confirmReset(t, { token: reset, newPassword: 'the reset passphrase 4' })).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body.mustChangePassword).toBe(false);
    expectProblem(await change(ticket), 401, 'invalid_ticket');
    t.clock.advance(61_000);
    expect((await attemptLogin(t, user.username, 'the reset passphrase 4')).body.status).toBe('ok');
  });

  it('given a disabled user, then the password step is 403 user_disabled (no ticket)', async () => {
    const user = await temporaryUser();
    const ticket = await changeTicket(user);
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true })).status).toBe(200);
    expectProblem(await attemptLogin(t, user.username, user.password), 403, 'user_disabled');
    expectProblem(await change(ticket), 403, 'user_disabled');
  });
});

describe('a temporary password with two-factor on', () => {
  it('given 2FA, then the second factor comes first, then the password change; the session keeps the method password+totp', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = await enableTotp(t, client);
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { mustChangePassword: true })).status).toBe(200);
    t.clock.advance(61_000);
    const first = await attemptLogin(t, user.username, user.password);
    expect(first.body.status).toBe('second_factor_required');
    const second = await t.anonymous().post('/api/v1/auth/login/second-factor', { ticket: first.body.ticket, code: totpCode(t, secret) });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toEqual({ status: 'password_change_required', ticket: expect.any(String), expiresAt: expect.any(String) });
    expect(second.headers['set-cookie']).toBeUndefined();
    // the second-step ticket is used up
    expectProblem(await t.anonymous().post('/api/v1/auth/login/second-factor', { ticket: first.body.ticket, code: totpCode(t, secret) }), 401, 'invalid_ticket');

    const done = await change(second.body.ticket);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await activeSessions(user.id)).map((s) => s.method)).toEqual(['password+totp']);
  });
});

describe('PATCH /api/v1/admin/users/{id} mustChangePassword', () => {
  it('given true, then the next sign-in asks for a new password (existing sessions go on); given false, then it signs in directly again', async () => {
    const { user, client } = await t.signedInUser();
    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, { mustChangePassword: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
    expect((await client.get('/api/v1/profile')).status).toBe(200);
    await changeTicket(user);
    const cleared = await admin.patch(`/api/v1/admin/users/${user.id}`, { mustChangePassword: false });
    expect(cleared.body.mustChangePassword).toBe(false);
    t.clock.advance(61_000);
    expect((await attemptLogin(t, user.username, user.password)).body.status).toBe('ok');
    expect((await eventsOf(t, user.id, 'temporary_password_set')).length).toBe(1);
    expect((await eventsOf(t, user.id, 'temporary_password_cleared')).length).toBe(1);
    // the same value again changes nothing and records nothing
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { mustChangePassword: false })).status).toBe(200);
    expect((await eventsOf(t, user.id, 'temporary_password_cleared')).length).toBe(1);
  });

  it('given the flag, then the other sessions end when the new password is chosen', async () => {
    const { user, client } = await t.signedInUser();
    await admin.patch(`/api/v1/admin/users/${user.id}`, { mustChangePassword: true });
    expect((await change(await changeTicket(user))).status).toBe(200);
    expect((await client.get('/api/v1/profile')).status).toBe(401);
    expect(await activeSessions(user.id)).toHaveLength(1);
  });

  it('given an invited user without a password, then 409 invitation_pending; a directory user, then 403 managed_by_directory', async () => {
    const username = uniqueName('inv');
    const invited = await admin.post('/api/v1/admin/users', { username, email: `${username}@example.com`, invite: true });
    expectProblem(await admin.patch(`/api/v1/admin/users/${invited.body.user.id}`, { mustChangePassword: true }), 409, 'invitation_pending');
    const ldapId = await insertDirectoryUser(t, uniqueName('ldap'));
    expectProblem(await admin.patch(`/api/v1/admin/users/${ldapId}`, { mustChangePassword: true }), 403, 'managed_by_directory');
  });
});

describe('a temporary password at apps', () => {
  it('given the temporary main password at an app, then 401: it only opens the password change', async () => {
    const user = await temporaryUser();
    const app = await registerApp(t, 'Wiki');
    t.clock.advance(61_000);
    expectProblem(await appAuthenticate(t, app.id, app.secret, user.username, user.password), 401, 'invalid_credentials');
    expect(JSON.parse((await eventsOf(t, user.id, 'sign_in_failed')).at(-1)!.details)).toMatchObject({ reason: 'temporary_password' });
    expect((await change(await changeTicket(user))).status).toBe(200);
    t.clock.advance(61_000);
    expect((await appAuthenticate(t, app.id, app.secret, user.username, CHOSEN)).status).toBe(200);
  });
});

describe('the password change, raced', () => {
  it(`given one password-change ticket used twice at once, then exactly one 200 (${RACE_TRIES} tries)`, async () => {
    for (let i = 0; i < RACE_TRIES; i++) {
      const user = await temporaryUser();
      const ticket = await changeTicket(user);
      const passwords = [`first chosen passphrase ${i}`, `second chosen passphrase ${i}`];
      const results = await Promise.all(passwords.map((password) => change(ticket, password)));
      expect(results.filter((r) => r.status === 200), `try ${i}: ${JSON.stringify(results.map((r) => r.body))}`).toHaveLength(1);
      expect(results.find((r) => r.status !== 200)!.body.code, `try ${i}`).toBe('invalid_ticket');
      expect(await activeSessions(user.id), `try ${i}`).toHaveLength(1);
    }
  }, RACE_TIMEOUT_MS);
});
