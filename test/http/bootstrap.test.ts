import { afterEach, describe, expect, it } from 'vitest';
import { ensureBootstrapAdmin } from '../../src/bootstrap.js';
import { type TestApp, setupApp } from '../helpers/app.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('first start', () => {
  it('with no users, creates admin with a generated password shown once, then never again', async () => {
    t = await setupApp();
    const created = await ensureBootstrapAdmin(t.app.userhub.services, t.config);
    expect(created).toMatchObject({ username: 'admin', password: expect.stringMatching(/^[a-z0-9-]{20,}$/) });
    const client = await t.login({ username: 'admin', password: created!.password! });
    const profile = (await client.get('/api/v1/profile')).body;
    expect(profile).toMatchObject({ username: 'admin', email: 'admin@localhost', isAdmin: true });
    expect(await ensureBootstrapAdmin(t.app.userhub.services, t.config)).toBeNull();
  });

  it('uses USERHUB_BOOTSTRAP_ADMIN_PASSWORD and USERHUB_BOOTSTRAP_ADMIN_EMAIL when set', async () => {
    t = await setupApp({ USERHUB_BOOTSTRAP_ADMIN_PASSWORD: 'configured admin secret 1', USERHUB_BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com' });
    expect(await ensureBootstrapAdmin(t.app.userhub.services, t.config)).toEqual({ username: 'admin', password: null });
    const client = await t.login({ username: 'admin', password: 'configured admin secret 1' });
    expect((await client.get('/api/v1/profile')).body.email).toBe('ops@example.com');
  });

  it('does nothing when users exist', async () => {
    t = await setupApp();
    await t.createUser();
    expect(await ensureBootstrapAdmin(t.app.userhub.services, t.config)).toBeNull();
  });
});
