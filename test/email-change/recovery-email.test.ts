import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestUser, expectProblem } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { type MailTestApp, setupMailApp, tokenMailed } from '../helpers/mail.js';
import { RECOVERY_CHANGED_SUBJECT, RECOVERY_CONFIRM_SUBJECT, confirmedRecovery, requestRecovery } from '../helpers/email-change.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const RESET_SUBJECT = 'Reset your password';
const confirmLink = (token: unknown) => t.anonymous().post('/api/v1/profile/email/confirm', { token });
const undoLink = (token: unknown) => t.anonymous().post('/api/v1/profile/email/undo', { token });
const undoToken = (user: TestUser) => tokenMailed(t, user.email, RECOVERY_CHANGED_SUBJECT, '/undo-email');

/** Asks for a password reset and returns where the mail went (and its token). */
async function resetGoesTo(user: TestUser, candidates: string[]): Promise<{ to: string; token: string }> {
  const resets = (address: string) => t.smtp.to(address).filter((m) => m.mail.subject === RESET_SUBJECT).length;
  await t.drain();
  const before = new Map(candidates.map((address) => [address, resets(address)]));
  expect((await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username })).status).toBe(202);
  await t.drain();
  const got = candidates.filter((address) => resets(address) > (before.get(address) ?? 0));
  expect(got, 'exactly one address gets the reset mail').toHaveLength(1);
  const to = got[0]!;
  return { to, token: await tokenMailed(t, to, RESET_SUBJECT, '/reset') };
}

const profileOf = async (client: TestClient) => (await client.get('/api/v1/profile')).body;

describe('a new recovery email address', () => {
  it('is held as pendingRecoveryEmail and mailed a link; resets go to the primary until it is confirmed', async () => {
    const { user, client } = await t.signedInUser();
    const address = `safe-${user.username}@example.net`;
    const token = await requestRecovery(t, client, address);
    expect(await profileOf(client)).toMatchObject({ recoveryEmail: null, pendingRecoveryEmail: address, pendingEmail: null });
    const mail = await t.smtp.waitFor(address, (m) => m.subject === RECOVERY_CONFIRM_SUBJECT);
    expect(mail.text).toContain(`Please confirm that ${address} is the recovery email address of your account ${user.username}`);
    expect(t.smtp.to(user.email).filter((m) => m.mail.subject === RECOVERY_CONFIRM_SUBJECT)).toEqual([]);

    expect((await resetGoesTo(user, [user.email, address])).to).toBe(user.email);

    const res = await confirmLink(token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ email: user.email, recoveryEmail: address });
    expect(await profileOf(client)).toMatchObject({ email: user.email, recoveryEmail: address, pendingRecoveryEmail: null });
    expect((await resetGoesTo(user, [user.email, address])).to).toBe(address);
    const events = (await client.get('/api/v1/profile/events')).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['email_change_requested', 'email_changed']));
  });

  it('tells the primary address, with an undo link; the notice names the new address', async () => {
    const { user, client } = await t.signedInUser();
    const address = `told-${user.username}@example.net`;
    await confirmedRecovery(t, client, address);
    const notice = await t.smtp.waitFor(user.email, (m) => m.subject === RECOVERY_CHANGED_SUBJECT);
    expect(notice.text).toContain(`was set to ${address}`);
    await undoToken(user);
    expect(t.smtp.to(address).filter((m) => m.mail.subject === RECOVERY_CHANGED_SUBJECT)).toEqual([]);
  });

  it('replacing a confirmed one: the old address stays in force until the new one is confirmed', async () => {
    const { user, client } = await t.signedInUser();
    const first = `first-${user.username}@example.net`;
    const second = `second-${user.username}@example.net`;
    await confirmedRecovery(t, client, first);
    const token = await requestRecovery(t, client, second);
    expect(await profileOf(client)).toMatchObject({ recoveryEmail: first, pendingRecoveryEmail: second });
    expect((await resetGoesTo(user, [user.email, first, second])).to).toBe(first);
    expect((await confirmLink(token)).body).toEqual({ email: user.email, recoveryEmail: second });
    expect((await resetGoesTo(user, [user.email, first, second])).to).toBe(second);
  });

  it('undo restores the previous recovery address, ends every session and kills the outstanding links', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.login(user);
    const mine = `mine-${user.username}@example.net`;
    const hostile = `hostile-${user.username}@example.org`;
    await confirmedRecovery(t, client, mine);
    await confirmedRecovery(t, client, hostile);
    const undo = await undoToken(user);
    // a reset link already mailed to the hostile address, and a pending change, must die too
    const reset = await resetGoesTo(user, [user.email, mine, hostile]);
    expect(reset.to).toBe(hostile);
    const pending = await requestRecovery(t, client, `later-${user.username}@example.org`);

    const res = await undoLink(undo);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ email: user.email, recoveryEmail: mine });
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await other.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token: reset.token, newPassword: 'hijacked passphrase 99' }), 400, 'token_invalid');
    expectProblem(await confirmLink(pending), 400, 'token_invalid');
    expectProblem(await undoLink(undo), 400, 'token_invalid');

    const again = await t.login(user);
    expect(await profileOf(again)).toMatchObject({ recoveryEmail: mine, pendingRecoveryEmail: null });
    expect((await resetGoesTo(user, [user.email, mine, hostile])).to).toBe(mine);
  });

  it('undo of the first recovery address brings back none: resets go to the primary again', async () => {
    const { user, client } = await t.signedInUser();
    const address = `only-${user.username}@example.net`;
    await confirmedRecovery(t, client, address);
    expect((await undoLink(await undoToken(user))).body).toEqual({ email: user.email, recoveryEmail: null });
    expect(await profileOf(await t.login(user))).toMatchObject({ recoveryEmail: null, pendingRecoveryEmail: null });
    expect((await resetGoesTo(user, [user.email, address])).to).toBe(user.email);
  });

  it('a newer request replaces the pending one: the first link dies', async () => {
    const { user, client } = await t.signedInUser();
    const first = await requestRecovery(t, client, `one-${user.username}@example.net`);
    const second = await requestRecovery(t, client, `two-${user.username}@example.net`);
    expectProblem(await confirmLink(first), 400, 'token_invalid');
    expect((await confirmLink(second)).body.recoveryEmail).toBe(`two-${user.username}@example.net`);
  });

  it('needs the password or a recent re-authentication; without it nothing is pending and nothing is sent', async () => {
    const { user, client } = await t.signedInUser();
    const address = `x-${user.username}@example.net`;
    t.clock.advance(16 * 60_000);
    expectProblem(await client.patch('/api/v1/profile', { recoveryEmail: address }), 403, 'reauthentication_required');
    expectProblem(await client.patch('/api/v1/profile', { recoveryEmail: address, password: 'not my password' }), 403, 'invalid_password');
    expect(await profileOf(client)).toMatchObject({ recoveryEmail: null, pendingRecoveryEmail: null });
    await t.drain();
    expect(t.smtp.to(address)).toEqual([]);
  });
});

describe('clearing the recovery email address (null)', () => {
  it('applies at once without a confirmation, tells the primary with an undo link, and undo brings it back', async () => {
    const { user, client } = await t.signedInUser();
    const address = `gone-${user.username}@example.net`;
    await confirmedRecovery(t, client, address);
    await undoToken(user);
    const before = t.smtp.to(user.email).filter((m) => m.mail.subject === RECOVERY_CHANGED_SUBJECT).length;

    const res = await client.patch('/api/v1/profile', { recoveryEmail: null, password: STRONG_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ recoveryEmail: null, pendingRecoveryEmail: null });
    expect((await resetGoesTo(user, [user.email, address])).to).toBe(user.email);
    await t.drain();
    const notices = t.smtp.to(user.email).filter((m) => m.mail.subject === RECOVERY_CHANGED_SUBJECT);
    expect(notices).toHaveLength(before + 1);
    expect(notices[notices.length - 1]!.mail.text).toContain('was removed');

    expect((await undoLink(await undoToken(user))).body).toEqual({ email: user.email, recoveryEmail: address });
    expect((await resetGoesTo(user, [user.email, address])).to).toBe(address);
  });

  it('drops a pending address with the one in force', async () => {
    const { user, client } = await t.signedInUser();
    await confirmedRecovery(t, client, `kept-${user.username}@example.net`);
    const pending = await requestRecovery(t, client, `pending-${user.username}@example.net`);
    expect((await client.patch('/api/v1/profile', { recoveryEmail: null, password: STRONG_PASSWORD })).body).toMatchObject({
      recoveryEmail: null,
      pendingRecoveryEmail: null,
    });
    expectProblem(await confirmLink(pending), 400, 'token_invalid');
  });

  it('when none is in force, changes nothing and sends nothing (a pending address stays pending, as for the primary)', async () => {
    const { user, client } = await t.signedInUser();
    const address = `waiting-${user.username}@example.net`;
    await requestRecovery(t, client, address);
    const res = await client.patch('/api/v1/profile', { recoveryEmail: null });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ recoveryEmail: null, pendingRecoveryEmail: address });
    await t.drain();
    expect(t.smtp.to(user.email)).toEqual([]);
  });
});

describe('the links of a recovery address change', () => {
  it('confirm works once: a replay gives 400 token_invalid and changes nothing', async () => {
    const { user, client } = await t.signedInUser();
    const token = await requestRecovery(t, client, `once-${user.username}@example.net`);
    expect((await confirmLink(token)).status).toBe(200);
    expectProblem(await confirmLink(token), 400, 'token_invalid');
    await t.drain();
    expect(t.smtp.to(user.email).filter((m) => m.mail.subject === RECOVERY_CHANGED_SUBJECT)).toHaveLength(1);
  });

  it('the confirmation lives 24 hours, the undo link 7 days', async () => {
    const { user, client } = await t.signedInUser();
    const late = await requestRecovery(t, client, `late-${user.username}@example.net`);
    t.clock.advance(24 * 3_600_000 + 1_000);
    expectProblem(await confirmLink(late), 400, 'token_invalid');
    expect((await profileOf(client)).pendingRecoveryEmail).toBeNull();

    const fresh = await t.signedInUser();
    await confirmedRecovery(t, fresh.client, `undo-late-${fresh.user.username}@example.net`);
    const undo = await undoToken(fresh.user);
    t.clock.advance(7 * 86_400_000 + 1_000);
    expectProblem(await undoLink(undo), 400, 'token_invalid');
  });

  it('a token is good only for its own purpose', async () => {
    const { user, client } = await t.signedInUser();
    const confirm = await requestRecovery(t, client, `cross-${user.username}@example.net`);
    expectProblem(await undoLink(confirm), 400, 'token_invalid');
    expectProblem(await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token: confirm, newPassword: 'a fresh and long passphrase 31' }), 400, 'token_invalid');
    expect((await confirmLink(confirm)).status).toBe(200);
    const undo = await undoToken(user);
    expectProblem(await confirmLink(undo), 400, 'token_invalid');
    const reset = await resetGoesTo(user, [user.email, `cross-${user.username}@example.net`]);
    expectProblem(await confirmLink(reset.token), 400, 'token_invalid');
    expectProblem(await undoLink(reset.token), 400, 'token_invalid');
  });
});

describe('recovery mails in the user’s language', () => {
  it.each([
    ['de', 'Bestätigen Sie Ihre Wiederherstellungsadresse', 'Ihre Wiederherstellungsadresse wurde geändert'],
    ['fr', 'Confirmez votre adresse e-mail de secours', 'Votre adresse e-mail de secours a été modifiée'],
    ['es', 'Confirme su dirección de correo de recuperación', 'Su dirección de correo de recuperación ha cambiado'],
  ])('%s', async (language, confirmSubject, changedSubject) => {
    const { user, client } = await t.signedInUser();
    expect((await client.patch('/api/v1/profile', { language })).status).toBe(200);
    const address = `lang-${user.username}@example.net`;
    expect((await client.patch('/api/v1/profile', { recoveryEmail: address, password: STRONG_PASSWORD })).status).toBe(200);
    const token = await tokenMailed(t, address, confirmSubject, '/confirm-email');
    expect((await confirmLink(token)).status).toBe(200);
    const notice = await t.smtp.waitFor(user.email, (m) => m.subject === changedSubject);
    expect(notice.text).toContain(address);
  });
});
