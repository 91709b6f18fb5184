import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const NEW_PASSWORD = 'a whole new secret phrase 7';

describe('PUT /api/v1/profile/password', () => {
  it('changes the password, keeps this session and ends the others', async () => {
    const user = await t.createUser();
    const here = await t.login(user);
    const elsewhere = await t.login(user);
    const res = await here.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect((await here.get('/api/v1/profile')).status).toBe(200);
    expectProblem(await elsewhere.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password }), 401, 'invalid_credentials');
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: NEW_PASSWORD })).status).toBe(200);
    const ended = await t.app.userhub.database.db.selectFrom('sessions').select('end_reason').where('user_id', '=', user.id).where('ended_at', 'is not', null).execute();
    expect(ended.map((s) => s.end_reason)).toContain('password_changed');
  });

  it('given a wrong current password, then 403 invalid_password and nothing changes', async () => {
    const { user, client } = await t.signedInUser();
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: 'not my password', newPassword: NEW_PASSWORD }), 403, 'invalid_password');
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password })).status).toBe(200);
  });

  it.each([
    ['too short', 'Ab1!xyz', 'password_too_short'],
    ['257 code points', 'é'.repeat(257), 'password_too_long'],
    ['a common password', 'password123', 'password_too_common'],
    ['a common password in other case', 'Qwerty123', 'password_too_common'],
  ])('given a new password that is %s, then 422 %s', async (_name, newPassword, code) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword }), 422, code);
  });

  it('counts code points after NFKC: 8 emoji are long enough, 7 are not', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: '🔐🔑🗝️🔒' }), 422, 'password_too_short');
    expect((await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: '🔐🔑🔒🔓🛡️🧩🎲🎯' })).status).toBe(204);
  });

  it('refuses the username or the email as the new password', async () => {
    const { user, client } = await t.signedInUser({ username: 'marguerite-yourcenar' });
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: user.username.toUpperCase() }), 422, 'password_matches_identity');
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: user.email }), 422, 'password_matches_identity');
  });

  it('given missing or non-string fields, then 400', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD }), 400, 'invalid_request');
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: 12345678 }), 400, 'invalid_request');
  });

  it('without a session, then 401', async () => {
    expectProblem(await t.anonymous().put('/api/v1/profile/password', { currentPassword: 'x', newPassword: NEW_PASSWORD }), 401, 'unauthenticated');
  });

  it('records password_changed on the timeline', async () => {
    const { client } = await t.signedInUser();
    await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });
    const events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events[0].type).toBe('password_changed');
  });
});
