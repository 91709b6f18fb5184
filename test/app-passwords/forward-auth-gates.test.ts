import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { registerApp } from '../helpers/app-passwords.js';
import { twoFactorUser } from '../helpers/twofactor.js';

/** One way in: forward-auth by session cookie passes the same authenticator and gates as every route. */
let t: TestApp;
let wiki: { id: string; secret: string; name: string };
beforeAll(async () => {
  t = await setupApp();
  wiki = await registerApp(t, 'Wiki');
});
afterAll(async () => t.close());

describe('forward-auth by session, behind the instance gates', () => {
  it('given mandatory 2FA and a user without it, then forward-auth refuses them as /sessions does (403 twofactor_setup_required); after enrolment, 200', async () => {
    const admin = await twoFactorUser(t, { role: 'admin' });
    const { client } = await t.signedInUser();
    expect((await client.get(`/api/v1/apps/${wiki.id}/forward-auth`)).status).toBe(200);
    expect((await admin.client.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true })).status).toBe(200);
    try {
      expectProblem(await client.get('/api/v1/sessions'), 403, 'twofactor_setup_required');
      const res = await client.get(`/api/v1/apps/${wiki.id}/forward-auth`);
      expectProblem(res, 403, 'twofactor_setup_required');
      expect(res.headers['x-userhub-user']).toBeUndefined();
      // a user with 2FA passes the gate
      const enrolled = await twoFactorUser(t);
      expect((await enrolled.client.get(`/api/v1/apps/${wiki.id}/forward-auth`)).status).toBe(200);
    } finally {
      expect((await admin.client.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false })).status).toBe(200);
    }
  });

  it('given an ended session, then 401 with the Basic challenge', async () => {
    const { client } = await t.signedInUser();
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    const res = await client.get(`/api/v1/apps/${wiki.id}/forward-auth`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Wiki"/);
  });
});
