import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/secrets.js';
import { STRONG_PASSWORD, expectProblem } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { linkIn } from '../helpers/mime.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const ORIGIN = 'http://userhub.test';
const CONFIRM_SUBJECT = 'Confirm your new email address';
const CHANGED_SUBJECT = 'Your email address was changed';

const confirmEmail = (token: unknown) => t.anonymous().post('/api/v1/profile/email/confirm', { token });
const undoEmail = (token: unknown) => t.anonymous().post('/api/v1/profile/email/undo', { token });

/** PATCHes the email (with the password) and returns the token mailed to the new address. */
async function requestChange(client: TestClient, newEmail: string): Promise<string> {
  const res = await client.patch('/api/v1/profile', { email: newEmail, password: STRONG_PASSWORD });
  expect(res.status, res.text).toBe(200);
  expect(res.body.pendingEmail).toBe(newEmail);
  await t.drain();
  const mails = t.smtp.to(newEmail).filter((m) => m.mail.subject === CONFIRM_SUBJECT);
  return linkIn(mails[mails.length - 1]!.mail, ORIGIN, '/confirm-email').token;
}

/** The undo token from the notice to the old address. */
async function undoTokenFor(oldEmail: string): Promise<string> {
  await t.drain();
  const mails = t.smtp.to(oldEmail).filter((m) => m.mail.subject === CHANGED_SUBJECT);
  return linkIn(mails[mails.length - 1]!.mail, ORIGIN, '/undo-email').token;
}

describe('changing the primary email address', () => {
  it('holds the new address as pendingEmail, mails a link to it, and changes it only when confirmed', async () => {
    const { user, client } = await t.signedInUser();
    const newEmail = `new-${user.username}@example.org`;
    const token = await requestChange(client, newEmail);

    const pending = await client.get('/api/v1/profile');
    expect(pending.body).toMatchObject({ email: user.email, pendingEmail: newEmail });
    const mail = (await t.smtp.waitFor(newEmail, (m) => m.subject === CONFIRM_SUBJECT));
    expect(mail.text).toContain(`Please confirm that ${newEmail} is the new email address of your account ${user.username}`);
    expect(t.smtp.to(user.email).filter((m) => m.mail.subject === CONFIRM_SUBJECT)).toEqual([]);

    const res = await confirmEmail(token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ email: newEmail });
    const after = await client.get('/api/v1/profile');
    expect(after.body).toMatchObject({ email: newEmail, pendingEmail: null });
    // the old address is told, with an undo link
    await undoTokenFor(user.email);
    // sign-in by the new address works, by the old one no more
    expect((await t.anonymous().post('/api/v1/auth/login', { username: newEmail, password: STRONG_PASSWORD })).status).toBe(200);
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.email, password: STRONG_PASSWORD }), 401, 'invalid_credentials');
    const events = (await client.get('/api/v1/profile/events')).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['email_change_requested', 'email_changed']));
  });

  it('undo restores the old address, ends every session, and kills other outstanding links', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.login(user);
    const newEmail = `takeover-${user.username}@example.org`;
    await confirmEmail(await requestChange(client, newEmail));
    const undo = await undoTokenFor(user.email);
    // meanwhile someone asks for a reset: the link goes to the new (maybe hostile) address
    expect((await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username })).status).toBe(202);
    await t.drain();
    const resetToken = linkIn(t.smtp.to(newEmail).find((m) => m.mail.subject === 'Reset your password')!.mail, ORIGIN, '/reset').token;

    const res = await undoEmail(undo);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ email: user.email });

    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await other.get('/api/v1/profile'), 401, 'unauthenticated');
    const sessions = await t.app.userhub.database.db.selectFrom('sessions').select('end_reason').where('user_id', '=', user.id).execute();
    expect(sessions.map((s) => s.end_reason)).toEqual(['email_change_undone', 'email_change_undone']);
    const again = await t.login(user);
    expect((await again.get('/api/v1/profile')).body).toMatchObject({ email: user.email, pendingEmail: null });
    expectProblem(await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token: resetToken, newPassword: 'hijacked passphrase 99' }), 400, 'token_invalid');
    expectProblem(await undoEmail(undo), 400, 'token_invalid');
  });

  it('needs the password or a recent re-authentication; a wrong password changes nothing', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(16 * 60_000);
    expectProblem(await client.patch('/api/v1/profile', { email: `x-${user.username}@example.org` }), 403, 'reauthentication_required');
    expectProblem(await client.patch('/api/v1/profile', { email: `x-${user.username}@example.org`, password: 'not my password' }), 403, 'invalid_password');
    expect((await client.get('/api/v1/profile')).body).toMatchObject({ email: user.email, pendingEmail: null });
    await t.drain();
    expect(t.smtp.to(`x-${user.username}@example.org`)).toEqual([]);
  });

  it('a newer request replaces the pending one: the first link dies', async () => {
    const { user, client } = await t.signedInUser();
    const first = await requestChange(client, `first-${user.username}@example.org`);
    const second = await requestChange(client, `second-${user.username}@example.org`);
    expectProblem(await confirmEmail(first), 400, 'token_invalid');
    expect((await confirmEmail(second)).body).toEqual({ email: `second-${user.username}@example.org` });
  });

  it('an address in use: 409 email_taken at once, or at confirmation when it was taken meanwhile', async () => {
    const { user, client } = await t.signedInUser();
    const taken = await t.createUser();
    expectProblem(await client.patch('/api/v1/profile', { email: taken.email.toUpperCase(), password: STRONG_PASSWORD }), 409, 'email_taken');

    const wanted = `contested-${user.username}@example.org`;
    const token = await requestChange(client, wanted);
    await t.createUser({ email: wanted });
    expectProblem(await confirmEmail(token), 409, 'email_taken');
    expect((await client.get('/api/v1/profile')).body.email).toBe(user.email);
  });

  it('given a pending address in the (cached) profile view, when its link expires, then the next read no longer shows it, with no write in between', async () => {
    const { user, client } = await t.signedInUser();
    const wanted = `expiring-${user.username}@example.org`;
    await requestChange(client, wanted);
    expect((await client.get('/api/v1/profile')).body.pendingEmail).toBe(wanted);
    expect((await client.get('/api/v1/profile')).body.pendingEmail).toBe(wanted);
    // read (and cached) 10 s before the link expires, read again 1 s after: well within the read
    // cache's 60 s, so only the pending address's own age limit (viewMaxAge, 1 s) drops it
    t.clock.advance(24 * 3_600_000 - 10_000);
    expect((await client.get('/api/v1/profile')).body.pendingEmail).toBe(wanted);
    t.clock.advance(11_000);
    const after = await client.get('/api/v1/profile');
    expect(after.body.pendingEmail).toBe(null);
    expect(after.body.email).toBe(user.email);
  });

  it('the confirmation link lives 24 hours; the undo link 7 days', async () => {
    const { user, client } = await t.signedInUser();
    const token = await requestChange(client, `late-${user.username}@example.org`);
    t.clock.advance(24 * 3_600_000 + 1_000);
    expectProblem(await confirmEmail(token), 400, 'token_invalid');
    expect((await client.get('/api/v1/profile')).status).toBe(200);

    const fresh = await t.signedInUser();
    await confirmEmail(await requestChange(fresh.client, `undo-late-${fresh.user.username}@example.org`));
    const undo = await undoTokenFor(fresh.user.email);
    const row = await t.app.userhub.database.db.selectFrom('email_tokens').selectAll().where('token_hash', '=', sha256Hex(undo)).executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(7 * 86_400_000);
    t.clock.advance(7 * 86_400_000 + 1_000);
    expectProblem(await undoEmail(undo), 400, 'token_invalid');
  });

  it('a confirmation token does not undo, and an undo token does not confirm', async () => {
    const { user, client } = await t.signedInUser();
    const confirmToken = await requestChange(client, `cross-${user.username}@example.org`);
    expectProblem(await undoEmail(confirmToken), 400, 'token_invalid');
    await confirmEmail(confirmToken);
    const undo = await undoTokenFor(user.email);
    expectProblem(await confirmEmail(undo), 400, 'token_invalid');
  });

  it('the same address as now changes nothing and sends nothing', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { email: user.email, displayName: 'Renamed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: user.email, pendingEmail: null, displayName: 'Renamed' });
    await t.drain();
    expect(t.smtp.to(user.email)).toEqual([]);
  });

  it.each([
    ['an unknown token', 'A'.repeat(43), 400, 'token_invalid'],
    ['a malformed token', 'x y z', 400, 'token_invalid'],
    ['an empty token', '', 400, 'invalid_request'],
    ['a number', 42, 400, 'invalid_request'],
    ['a huge token', 'x'.repeat(5000), 400, 'invalid_request'],
  ])('confirm and undo given %s: %i %s', async (_name, token, status, code) => {
    expectProblem(await confirmEmail(token), status, code);
    expectProblem(await undoEmail(token), status, code);
  });

  it('stores the tokens hashed only', async () => {
    const { user, client } = await t.signedInUser();
    const token = await requestChange(client, `hashed-${user.username}@example.org`);
    const rows = await t.app.userhub.database.db.selectFrom('email_tokens').selectAll().where('user_id', '=', user.id).execute();
    expect(rows.map((r) => r.token_hash)).toEqual([sha256Hex(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
