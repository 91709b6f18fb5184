import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp({ USERHUB_SESSION_IDLE_TIMEOUT: '2h', USERHUB_SESSION_LIFETIME: '1d' });
});
afterAll(async () => t.close());

const sessionRow = (userId: string) =>
  t.app.userhub.database.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();

describe('session lifetime', () => {
  it('records ip, user agent, method and times for the sessions view', async () => {
    const { user } = await t.signedInUser();
    const row = await sessionRow(user.id);
    expect(row).toMatchObject({ method: 'password', ended_at: null, end_reason: null, ip: '127.0.0.1' });
    expect(row.user_agent).toContain('Firefox/128.0');
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(86_400_000);
  });

  it('updates last-seen at most once a minute', async () => {
    const { user, client } = await t.signedInUser();
    const before = (await sessionRow(user.id)).last_seen_at;
    t.clock.advance(30_000);
    await client.get('/api/v1/profile');
    expect((await sessionRow(user.id)).last_seen_at).toBe(before);
    t.clock.advance(31_000);
    await client.get('/api/v1/profile');
    expect((await sessionRow(user.id)).last_seen_at).not.toBe(before);
  });

  it('an idle session expires after the idle timeout and is recorded as expired', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(2 * 3_600_000 + 1_000);
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
    expect(await sessionRow(user.id)).toMatchObject({ end_reason: 'expired' });
  });

  it('an active session still ends at its absolute lifetime', async () => {
    const { client } = await t.signedInUser();
    for (let hour = 0; hour < 23; hour++) {
      t.clock.advance(3_600_000);
      expect((await client.get('/api/v1/profile')).status).toBe(200);
    }
    t.clock.advance(3_600_000);
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
  });

  it('the cookie lives as long as the absolute lifetime', async () => {
    const user = await t.createUser();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
    expect(res.cookies.find((c) => c.name === 'userhub_session')?.maxAge).toBe(86_400);
  });
});

describe('secure cookies', () => {
  it('are Secure when the public origin is https', async () => {
    const secure = await setupApp({ USERHUB_ORIGIN: 'https://id.example.com' });
    try {
      const user = await secure.createUser();
      const res = await secure.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
      expect(res.cookies.find((c) => c.name === 'userhub_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });
});
