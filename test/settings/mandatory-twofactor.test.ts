import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { enableTotp, twoFactorUser } from '../helpers/twofactor.js';
import { issueToken } from '../helpers/tokens.js';

/** mandatoryTwoFactor: users without 2FA may only enrol, read their profile and sign out. */
let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await twoFactorUser(t, { role: 'admin' })).client;
  expect((await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true })).status).toBe(200);
});
afterAll(async () => t.close());

const REFUSED: [string, (c: TestClient) => Promise<{ status: number; headers: Record<string, unknown>; body: any }>][] = [
  ['GET /sessions', (c) => c.get('/api/v1/sessions')],
  ['DELETE /sessions', (c) => c.delete('/api/v1/sessions')],
  ['GET /profile/events', (c) => c.get('/api/v1/profile/events')],
  ['PATCH /profile', (c) => c.patch('/api/v1/profile', { language: 'de' })],
  ['PUT /profile/password', (c) => c.put('/api/v1/profile/password', { currentPassword: 'x', newPassword: 'a new passphrase here' })],
  ['GET /accounts', (c) => c.get('/api/v1/accounts')],
  ['GET /accounts/{id}', (c) => c.get('/api/v1/accounts/some-account')],
];

describe('mandatoryTwoFactor on, a user without 2FA', () => {
  it('signs in, and the profile says enrolment is required', async () => {
    const { client } = await t.signedInUser();
    const res = await client.get('/api/v1/profile');
    expect(res.status).toBe(200);
    expect(res.body.twoFactorSetupRequired).toBe(true);
  });

  it.each(REFUSED)('%s → 403 twofactor_setup_required', async (_name, call) => {
    const { client } = await t.signedInUser();
    expectProblem(await call(client), 403, 'twofactor_setup_required');
  });

  it('may reach the TOTP enrolment routes, re-authenticate and sign out', async () => {
    const { user, client } = await t.signedInUser();
    const setup = await client.post('/api/v1/profile/twofactor/totp/setup');
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await client.post('/api/v1/auth/reauthenticate', { password: user.password })).status).toBe(204);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
  });

  it('an admin without 2FA cannot reach the admin API either', async () => {
    const { client } = await t.signedInUser({ role: 'admin' });
    expectProblem(await client.get('/api/v1/admin/users'), 403, 'twofactor_setup_required');
    expectProblem(await client.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false }), 403, 'twofactor_setup_required');
  });

  it('API tokens of such a user are refused the same way', async () => {
    const user = await t.createUser();
    const script = t.anonymous();
    script.bearer = await issueToken(t, user.id);
    expectProblem(await script.get('/api/v1/sessions'), 403, 'twofactor_setup_required');
    expect((await script.get('/api/v1/profile')).status).toBe(200);
  });

  it('once the user has a second factor, every route opens on the same session', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.get('/api/v1/sessions'), 403, 'twofactor_setup_required');
    await enableTotp(t, client);
    expect((await client.get('/api/v1/sessions')).status).toBe(200);
    expect((await client.get('/api/v1/profile')).body.twoFactorSetupRequired).toBe(false);
    expect((await client.patch('/api/v1/profile', { language: 'fr' })).status).toBe(200);
  });

  it('users with 2FA are not affected', async () => {
    expect((await admin.get('/api/v1/admin/users')).status).toBe(200);
    expect((await admin.get('/api/v1/profile')).body.twoFactorSetupRequired).toBe(false);
  });
});

describe('mandatoryTwoFactor off', () => {
  it('nobody is gated', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.get('/api/v1/sessions'), 403, 'twofactor_setup_required');
    expect((await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false })).status).toBe(200);
    expect((await client.get('/api/v1/sessions')).status).toBe(200);
    expect((await client.get('/api/v1/profile')).body.twoFactorSetupRequired).toBe(false);
  });
});
