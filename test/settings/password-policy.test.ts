import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { enableTotp } from '../helpers/twofactor.js';

/** Issue 18.4: the password hints follow the instance minimum (GET /auth/password-policy, no session needed). */
let t: TestApp;
let admin: TestClient;

const PATH = '/api/v1/auth/password-policy';

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

describe('GET /api/v1/auth/password-policy', () => {
  it('given no session, then the default minimum and the maximum', async () => {
    const res = await t.anonymous().get(PATH);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ minLength: 8, maxLength: 256 });
  });

  it('given an admin who raises the minimum to 12, then it says 12 at once, and a shorter new password is refused with the same number', async () => {
    expect((await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 12 } })).status).toBe(200);
    try {
      expect((await t.anonymous().get(PATH)).body).toEqual({ minLength: 12, maxLength: 256 });
      const { user, client } = await t.signedInUser();
      const short = await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: 'zq7!vK2#pL' });
      expectProblem(short, 422, 'password_too_short');
      expect(short.body.minLength).toBe(12);
    } finally {
      await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 8 } });
    }
    expect((await t.anonymous().get(PATH)).body.minLength).toBe(8);
  });

  it('given mandatory 2FA and a signed-in user without it, then the policy is still answered (no gate on a public route)', async () => {
    await enableTotp(t, admin);
    expect((await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true })).status).toBe(200);
    try {
      const { client } = await t.signedInUser();
      expectProblem(await client.get('/api/v1/sessions'), 403, 'twofactor_setup_required');
      expect((await client.get(PATH)).status).toBe(200);
    } finally {
      await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false });
    }
  });

  it('given a method other than GET, then it is not a route (404)', async () => {
    expect((await t.anonymous().post(PATH, {})).status).toBe(404);
  });
});
