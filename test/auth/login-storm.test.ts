import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, expectProblem } from '../helpers/app.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { NEW_PASSWORD, confirmReset, resetToken } from '../helpers/password-reset.js';

/** One hash at a time and one more accepted (handed to the thread as its next): the smallest pool, so that a burst overflows it. */
let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp({ USERHUB_HASH_THREADS: '1', USERHUB_HASH_QUEUE: '1' });
});
afterAll(async () => t.close());

const login = (user: TestUser, password = user.password) => t.anonymous().post('/api/v1/auth/login', { username: user.username, password });

function expectBusy(res: Awaited<ReturnType<typeof login>>): void {
  expectProblem(res, 503, 'hashing_busy');
  expect(String(res.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
  expect(res.body.retryAfter).toBe(Number(res.headers['retry-after']));
}

/** Fills the app's hash pool (both places handed to its thread) with jobs that end when `release` is called. */
function holdThePool(): { release: () => Promise<void> } {
  const pool = t.app.userhub.services.hashPool;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held = [pool.run(() => gate), pool.run(() => gate)];
  expect(pool.load).toEqual({ running: 2, waiting: 0 });
  return {
    async release() {
      open();
      await Promise.all(held);
    },
  };
}

describe('a login storm (USERHUB_HASH_THREADS=1, USERHUB_HASH_QUEUE=1)', () => {
  it('given a burst of parallel logins, then some are 200 and the rest 503 hashing_busy with Retry-After; afterwards logins work', async () => {
    const users = [await t.createUser(), await t.createUser()];
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => login(users[i % 2]!)));
    const ok = burst.filter((res) => res.status === 200);
    const busy = burst.filter((res) => res.status !== 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) expectBusy(res);
    expect(t.app.userhub.services.hashPool.load).toEqual({ running: 0, waiting: 0 });
    for (const user of users) await t.login(user);
  });

  it('given a full pool, then a login is 503 at once and spends no attempt: 12 of them leave the budget (10 a minute) whole', async () => {
    const user = await t.createUser();
    const pool = holdThePool();
    for (let i = 0; i < 12; i++) expectBusy(await login(user));
    await pool.release();
    await t.login(user);
    expectProblem(await login(user, 'not the password'), 401, 'invalid_credentials');
  });

  it('given a full pool, then a password change is 503 and changes nothing', async () => {
    const { user, client } = await t.signedInUser();
    const pool = holdThePool();
    expectBusy(await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: NEW_PASSWORD }));
    await pool.release();
    await t.login(user);
    expectProblem(await login(user, NEW_PASSWORD), 401, 'invalid_credentials');
  });

  it('given a full pool, then an admin creating a user gets 503 and no user is made', async () => {
    const { client: admin } = await t.signedInUser({ role: 'admin' });
    const pool = holdThePool();
    expectBusy(await admin.post('/api/v1/admin/users', { username: 'stormborn', email: 'stormborn@example.com', password: 'a good long password 1' }));
    await pool.release();
    expect(await t.app.userhub.services.users.findByUsername('stormborn')).toBeFalsy();
  });

  it('given a full pool, then a reset confirmation is 503 and its link still works afterwards', async () => {
    const user = await t.createUser();
    const token = await resetToken(t, user);
    const pool = holdThePool();
    expectBusy(await confirmReset(t, { token, newPassword: NEW_PASSWORD }));
    await pool.release();
    expect((await confirmReset(t, { token, newPassword: NEW_PASSWORD })).status).toBe(204);
    await t.login({ username: user.username, password: NEW_PASSWORD });
  });

  it('given a full pool, then an app checking a main password (known or unknown user) gets 503; forward-auth, app passwords only, never hashes', async () => {
    const { user, client } = await t.signedInUser();
    const wiki = await registerApp(t, 'Storm wiki');
    const { password: appPassword } = await createAppPassword(client, wiki.id);
    const pool = holdThePool();
    expectBusy(await appAuthenticate(t, wiki.id, wiki.secret, user.username, user.password));
    expectBusy(await appAuthenticate(t, wiki.id, wiki.secret, 'nobody-at-all', 'some password'));
    expect((await appAuthenticate(t, wiki.id, wiki.secret, user.username, appPassword)).status).toBe(200);
    const basic = (login: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` });
    const forwardAuth = (login: string, password: string) => t.anonymous().get(`/api/v1/apps/${wiki.id}/forward-auth`, { headers: basic(login, password) });
    expect((await forwardAuth(user.username, appPassword)).status).toBe(200);
    expectProblem(await forwardAuth('nobody-at-all', 'some password'), 401, 'invalid_credentials');
    expectProblem(await forwardAuth(user.username, 'wrong app password'), 401, 'invalid_credentials');
    await pool.release();
    expect((await appAuthenticate(t, wiki.id, wiki.secret, user.username, user.password)).status).toBe(200);
  });
});
