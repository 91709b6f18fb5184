import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, expectProblem } from '../helpers/app.js';
import { type MailTestApp, setupMailApp, tokenMailed } from '../helpers/mail.js';
import { requestRecovery } from '../helpers/email-change.js';

/**
 * Whoever knew the old password may have asked for an address change: a new password (changed or
 * reset) kills every pending confirmation link, so a hijacker's recovery address cannot be
 * confirmed after the owner took the account back.
 */
let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const NEW_PASSWORD = 'a completely different passphrase 77';

describe('pending address links and a new password', () => {
  it('given a pending recovery address and a pending primary email, when the password is changed, then both links are refused', async () => {
    const { user, client } = await t.signedInUser();
    const recoveryToken = await requestRecovery(t, client, `hijacker-${user.username}@example.net`);
    const primary = `other-${user.username}@example.net`;
    expect((await client.patch('/api/v1/profile', { email: primary, password: STRONG_PASSWORD })).status).toBe(200);
    const primaryToken = await tokenMailed(t, primary, 'Confirm your new email address', '/confirm-email');

    expect((await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(204);
    expectProblem(await t.anonymous().post('/api/v1/profile/email/confirm', { token: recoveryToken }), 400, 'token_invalid');
    expectProblem(await t.anonymous().post('/api/v1/profile/email/confirm', { token: primaryToken }), 400, 'token_invalid');
    const profile = (await client.get('/api/v1/profile')).body;
    expect(profile.recoveryEmail).toBeNull();
    expect(profile.email).toBe(user.email);
  });

  it('given a pending recovery address, when the password is reset by mail, then its link is refused', async () => {
    const { user, client } = await t.signedInUser();
    const recoveryToken = await requestRecovery(t, client, `taker-${user.username}@example.net`);
    expect((await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username })).status).toBe(202);
    await t.app.userhub.services.passwordReset.settled();
    const resetToken = await tokenMailed(t, user.email, 'Reset your password', '/reset');
    expect((await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token: resetToken, newPassword: NEW_PASSWORD })).status).toBe(204);
    expectProblem(await t.anonymous().post('/api/v1/profile/email/confirm', { token: recoveryToken }), 400, 'token_invalid');
  });
});
