import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/secrets.js';
import { STRONG_PASSWORD, TEST_ORIGIN, type TestUser, expectProblem, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { type MailTestApp, setupMailApp, tokenMailed } from '../helpers/mail.js';
import { linkIn } from '../helpers/mime.js';
import { NEW_PASSWORD, confirmReset, resetToken } from '../helpers/password-reset.js';
import { attemptLogin } from '../helpers/sessions.js';
import { eventsOf } from '../helpers/activity.js';

/**
 * Invitations: an administrator creates a user without a password, the user gets a mail with a
 * link to /invite, chooses a password there and is signed in. The mail comes over a real SMTP
 * server (helpers/smtp.ts).
 */
let t: MailTestApp;
let admin: TestClient;
let manager: TestClient;
let adminUser: TestUser;
let managerUser: TestUser;

beforeAll(async () => {
  t = await setupMailApp();
  adminUser = await t.createUser({ role: 'admin', displayName: 'Grace Admin' });
  managerUser = await t.createUser({ role: 'usermanager' });
  await signInStaff();
});
afterAll(async () => t.close());

/** Signs the admin and the manager in again (after the clock jumped past their sessions' idle timeout). */
async function signInStaff() {
  t.clock.advance(61_000); // out of the minute's sign-in budget of earlier tries
  admin = await t.login(adminUser);
  manager = await t.login(managerUser);
}
const SUBJECT = 'Choose the password of your new account';
const db = () => t.app.userhub.database.db;

async function invite(body: Record<string, unknown> = {}, client = admin) {
  const username = uniqueName('invited');
  const res = await client.post('/api/v1/admin/users', { username, email: `${username}@example.com`, displayName: 'Ada Invited', invite: true, ...body });
  return { res, username, email: (body.email as string | undefined) ?? `${username}@example.com` };
}

/** Invites a user and returns the id and the token of the mailed link. */
async function invited(body: Record<string, unknown> = {}) {
  const { res, username, email } = await invite(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const token = await tokenMailed(t, email, SUBJECT, '/invite');
  return { id: res.body.user.id as string, username, email, token };
}

const accept = (token: string, newPassword = NEW_PASSWORD) => t.anonymous().post('/api/v1/auth/invitation', { token, newPassword });
const credentialsOf = (userId: string) => db().selectFrom('credentials').selectAll().where('user_id', '=', userId).execute();
const invitationLinks = (userId: string) => db().selectFrom('email_tokens').selectAll().where('user_id', '=', userId).where('purpose', '=', 'invitation').execute();

describe('POST /api/v1/admin/users with invite: true', () => {
  it('given an admin, then 201 with no password, the user waits for the invitation, and a mail with a link to /invite goes to the address', async () => {
    const { res, username, email } = await invite();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.password).toBeNull();
    expect(res.body.user).toMatchObject({ username, email, displayName: 'Ada Invited', invitationPending: true, mustChangePassword: false });
    const id = res.body.user.id as string;
    expect(await credentialsOf(id)).toEqual([]);
    expect((await admin.get(`/api/v1/admin/users/${id}`)).body).toMatchObject({ invitationPending: true, mustChangePassword: false });

    await t.drain();
    const mails = t.smtp.to(email).filter((m) => m.mail.subject === SUBJECT);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.mail;
    expect(mail.text).toContain('Grace Admin created an account for you');
    expect(mail.text).toContain(`your username is ${username}`);
    expect(mail.text).toContain('7 days');
    const { token } = linkIn(mail, TEST_ORIGIN, '/invite');
    // only the SHA-256 of the token is stored, valid for 7 days
    const links = await invitationLinks(id);
    expect(links).toHaveLength(1);
    expect(links[0]!.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(links)).not.toContain(token);
    const lifetime = Date.parse(links[0]!.expires_at) - t.clock.nowMs();
    expect(lifetime).toBeGreaterThan(7 * 24 * 3_600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(7 * 24 * 3_600_000);

    expect((await eventsOf(t, id, 'account_created')).length).toBe(1);
    const sent = await eventsOf(t, id, 'invitation_sent');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.details)).toMatchObject({ resent: false });
  });

  it('given language de, then the mail is in German', async () => {
    const { res, email } = await invite({ language: 'de' });
    expect(res.status).toBe(201);
    await t.drain();
    const [mail] = t.smtp.to(email);
    expect(mail!.mail.subject).toBe('Wählen Sie das Passwort Ihres neuen Kontos');
    expect(mail!.mail.html).toContain('<html lang="de" dir="ltr">');
    linkIn(mail!.mail, TEST_ORIGIN, '/invite');
  });

  it('given invite with a password or with mustChangePassword, then 400 invalid_request and no user', async () => {
    const withPassword = await invite({ password: STRONG_PASSWORD });
    expectProblem(withPassword.res, 400, 'invalid_request');
    const temporary = await invite({ mustChangePassword: true });
    expectProblem(temporary.res, 400, 'invalid_request');
    for (const { username } of [withPassword, temporary]) {
      expect((await admin.get(`/api/v1/admin/users?q=${username}`)).body.items).toEqual([]);
    }
    await t.drain();
    expect(t.smtp.to(withPassword.email)).toEqual([]);
  });

  it('given an email or username in use, then 409 email_taken / username_taken and no mail', async () => {
    const existing = await t.createUser();
    const byEmail = await invite({ email: existing.email.toUpperCase() });
    expectProblem(byEmail.res, 409, 'email_taken');
    const byName = await invite({ username: existing.username, email: `other-${existing.username}@example.com` });
    expectProblem(byName.res, 409, 'username_taken');
    await t.drain();
    expect(t.smtp.to(existing.email)).toEqual([]);
    expect(t.smtp.to(`other-${existing.username}@example.com`)).toEqual([]);
  });

  it('given a user manager inviting an administrator, then 403 admin_required; a plain user gets 403', async () => {
    expectProblem((await invite({ role: 'admin' }, manager)).res, 403, 'admin_required');
    expect((await invite({}, manager)).res.status).toBe(201);
    const { client } = await t.signedInUser();
    expectProblem((await invite({}, client)).res, 403, 'admin_required');
  });

  it('given an invited user who has not accepted, then every password sign-in is the usual 401 invalid_credentials', async () => {
    const { username, email } = await invited();
    for (const login of [username, email]) {
      for (const password of [STRONG_PASSWORD, 'x', '']) {
        const res = await attemptLogin(t, login, password);
        if (password === '') expect(res.status).toBe(400);
        else expectProblem(res, 401, 'invalid_credentials');
      }
    }
  });
});

describe('POST /api/v1/auth/invitation', () => {
  it('given the mailed token and a good password, then 200 with the user and a session cookie, and the password signs in from then on', async () => {
    const { id, username, token } = await invited();
    const client = t.anonymous();
    const res = await client.post('/api/v1/auth/invitation', { token, newPassword: NEW_PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ status: 'ok', user: expect.objectContaining({ id, username, invitationPending: false, mustChangePassword: false }) });
    expect(String(res.headers['set-cookie'])).toMatch(/userhub_session=/);
    const profile = await client.get('/api/v1/profile');
    expect(profile.status).toBe(200);
    expect(profile.body.username).toBe(username);
    const sessions = await client.get('/api/v1/sessions');
    expect(sessions.body.items).toHaveLength(1);
    expect(sessions.body.items[0]).toMatchObject({ current: true, method: 'password' });

    expect((await admin.get(`/api/v1/admin/users/${id}`)).body.invitationPending).toBe(false);
    expect((await attemptLogin(t, username, NEW_PASSWORD)).status).toBe(200);
    expect(await eventsOf(t, id, 'invitation_accepted')).toHaveLength(1);
    expect(JSON.parse((await eventsOf(t, id, 'sign_in_succeeded'))[0]!.details)).toMatchObject({ method: 'password', via: 'invitation' });
    expect((await invitationLinks(id)).every((link) => link.used_at !== null)).toBe(true);
  });

  it('given the token used once already, then 400 token_invalid and the password stays the first one', async () => {
    const { username, token } = await invited();
    expect((await accept(token)).status).toBe(200);
    expectProblem(await accept(token, 'a second chosen passphrase 7'), 400, 'token_invalid');
    expectProblem(await attemptLogin(t, username, 'a second chosen passphrase 7'), 401, 'invalid_credentials');
    expect((await attemptLogin(t, username, NEW_PASSWORD)).status).toBe(200);
  });

  it('given an expired token (7 days), then 400 token_invalid and nothing changes', async () => {
    const { id, token } = await invited();
    t.clock.advance(7 * 24 * 3_600_000 + 1_000);
    expectProblem(await accept(token), 400, 'token_invalid');
    await signInStaff();
    expect(await credentialsOf(id)).toEqual([]);
    expect((await admin.get(`/api/v1/admin/users/${id}`)).body.invitationPending).toBe(true);
  });

  it('given an unknown, malformed or other kind of token, then 400 token_invalid', async () => {
    for (const token of ['x'.repeat(43), 'not a token', 'A'.repeat(200)]) expectProblem(await accept(token), 400, 'token_invalid');
    // a reset link of a user with a password is not an invitation
    const user = await t.createUser();
    expectProblem(await accept(await resetToken(t, user)), 400, 'token_invalid');
  });

  it('given a password the policy refuses, then 422 with its code, and the link still works', async () => {
    const { username, email, token } = await invited();
    expectProblem(await accept(token, 'short'), 422, 'password_too_short');
    expectProblem(await accept(token, 'password123'), 422, 'password_too_common');
    expectProblem(await accept(token, username), 422, 'password_matches_identity');
    expectProblem(await accept(token, email), 422, 'password_matches_identity');
    expect((await accept(token)).status).toBe(200);
  });

  it('given the user set a password through a reset meanwhile, then the invitation is dead: 400 token_invalid', async () => {
    const { id, username, email, token } = await invited();
    const reset = await resetToken(t, { id, username, email, password: '' });
    expect((await confirmReset(t, { token: reset, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/users/${id}`)).body.invitationPending).toBe(false);
    expectProblem(await accept(token, 'the taker-over passphrase 5'), 400, 'token_invalid');
    expect((await attemptLogin(t, username, NEW_PASSWORD)).status).toBe(200);
    expect((await invitationLinks(id)).every((link) => link.used_at !== null)).toBe(true);
  });

  it('given a disabled invited user, then 403 user_disabled and nothing changes; enabled again, the link works', async () => {
    const { id, token } = await invited();
    expect((await admin.patch(`/api/v1/admin/users/${id}`, { disabled: true })).status).toBe(200);
    expectProblem(await accept(token), 403, 'user_disabled');
    expect(await credentialsOf(id)).toEqual([]);
    expect((await admin.patch(`/api/v1/admin/users/${id}`, { disabled: false })).status).toBe(200);
    expect((await accept(token)).status).toBe(200);
  });

  it('given the invited user was deleted, then 400 token_invalid (the link went with the account)', async () => {
    const { id, token } = await invited();
    expect((await admin.delete(`/api/v1/admin/users/${id}`)).status).toBe(204);
    expectProblem(await accept(token), 400, 'token_invalid');
    expect(await invitationLinks(id)).toEqual([]);
  });

  it('given the admin corrected the address, then the link sent to the old one is dead, and a new one goes to the new address', async () => {
    const { id, username, token } = await invited();
    const corrected = `fixed-${username}@example.org`;
    expect((await admin.patch(`/api/v1/admin/users/${id}`, { email: corrected })).status).toBe(200);
    expectProblem(await accept(token), 400, 'token_invalid');
    expect((await admin.post(`/api/v1/admin/users/${id}/invitation`)).status).toBe(202);
    expect((await accept(await tokenMailed(t, corrected, SUBJECT, '/invite'))).status).toBe(200);
  });
});

describe('POST /api/v1/admin/users/{id}/invitation', () => {
  it('given an invited user, then 202, a new mail, the old link dies and the new one works', async () => {
    const { id, email, token } = await invited();
    const res = await admin.post(`/api/v1/admin/users/${id}/invitation`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ status: 'sent' });
    const fresh = await tokenMailed(t, email, SUBJECT, '/invite');
    expect(fresh).not.toBe(token);
    expect(t.smtp.to(email).filter((m) => m.mail.subject === SUBJECT)).toHaveLength(2);
    expectProblem(await accept(token), 400, 'token_invalid');
    expect((await accept(fresh)).status).toBe(200);
    const sent = await eventsOf(t, id, 'invitation_sent');
    expect(sent.map((event) => JSON.parse(event.details).resent)).toEqual([false, true]);
  });

  it('given a user who already has a password (accepted, or created with one), then 409 invitation_not_pending and no mail', async () => {
    const { id, email, token } = await invited();
    expect((await accept(token)).status).toBe(200);
    expectProblem(await admin.post(`/api/v1/admin/users/${id}/invitation`), 409, 'invitation_not_pending');
    const plain = await t.createUser();
    expectProblem(await admin.post(`/api/v1/admin/users/${plain.id}/invitation`), 409, 'invitation_not_pending');
    await t.drain();
    expect(t.smtp.to(email).filter((m) => m.mail.subject === SUBJECT)).toHaveLength(1);
  });

  it('given an unknown user, then 404; a plain user, then 403; a manager for an invited admin, then 403 admin_required', async () => {
    expectProblem(await admin.post('/api/v1/admin/users/nobody/invitation'), 404, 'user_not_found');
    const { id } = await invited({ role: 'admin' });
    const { client } = await t.signedInUser();
    expectProblem(await client.post(`/api/v1/admin/users/${id}/invitation`), 403, 'admin_required');
    expectProblem(await manager.post(`/api/v1/admin/users/${id}/invitation`), 403, 'admin_required');
    const plainInvite = await invited();
    expect((await manager.post(`/api/v1/admin/users/${plainInvite.id}/invitation`)).status).toBe(202);
  });

  it('given five re-sends within an hour, then the sixth is 429 rate_limited and sends nothing', async () => {
    const { id, email } = await invited();
    for (let i = 0; i < 5; i++) expect((await admin.post(`/api/v1/admin/users/${id}/invitation`)).status, `re-send ${i}`).toBe(202);
    const refused = await admin.post(`/api/v1/admin/users/${id}/invitation`);
    expectProblem(refused, 429, 'rate_limited');
    await t.drain();
    expect(t.smtp.to(email).filter((m) => m.mail.subject === SUBJECT)).toHaveLength(6);
    t.clock.advance(3_600_000 + 1_000);
    expect((await admin.post(`/api/v1/admin/users/${id}/invitation`)).status).toBe(202);
  });
});

describe('the admin who invited', () => {
  it('is recorded as `by` on the invitation event', async () => {
    const { id } = await invited();
    expect(JSON.parse((await eventsOf(t, id, 'invitation_sent'))[0]!.details)).toMatchObject({ by: adminUser.username });
  });
});
