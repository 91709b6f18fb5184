import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { startLogin, totpCode, twoFactorUser } from '../helpers/twofactor.js';

const CHROME_ON_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function loginWithAgent(t: TestApp, user: { username: string; password: string }, userAgent: string): Promise<TestClient> {
  const client = t.anonymous();
  const res = await client.post('/api/v1/auth/login', { username: user.username, password: user.password }, { headers: { 'user-agent': userAgent } });
  expect(res.status).toBe(200);
  return client;
}

const list = async (client: TestClient, query = '') => {
  const res = await client.get(`/api/v1/sessions${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: any[]; nextCursor: string | null };
};

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupApp();
  });
  afterAll(async () => t.close());

  describe('GET /api/v1/sessions', () => {
    it('lists my active sessions, mine first, then the others newest first, with the fields of the contract', async () => {
      const { user, client } = await t.signedInUser();
      t.clock.advance(1_000);
      const mac = await loginWithAgent(t, user, CHROME_ON_MAC);
      const { items, nextCursor } = await list(client);
      expect(nextCursor).toBeNull();
      expect(items).toHaveLength(2);
      expect(items[0]).toMatchObject({ current: true, browser: 'Firefox 128', os: 'Linux', device: 'desktop', method: 'password', endedAt: null });
      expect(items[1]).toEqual({
        id: expect.any(String),
        current: false,
        createdAt: expect.any(String),
        lastSeenAt: expect.any(String),
        endedAt: null,
        endReason: null,
        ip: '127.0.0.1',
        userAgent: CHROME_ON_MAC,
        browser: 'Chrome 126',
        os: 'Mac OS 10.15.7',
        device: 'desktop',
        method: 'password',
        apps: [],
      });
      expect(Date.parse(items[1].createdAt)).toBeGreaterThan(Date.parse(items[0].createdAt));
      // the other device sees itself as current, and first
      expect((await list(mac)).items.map((s) => [s.id, s.current])).toEqual([
        [items[1].id, true],
        [items[0].id, false],
      ]);
    });

    it('names the kind of device: phone, tablet, desktop, other', async () => {
      const { user, client } = await t.signedInUser();
      const agents = {
        phone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
        tablet: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
        other: 'curl/8.5.0',
      };
      for (const agent of Object.values(agents)) await loginWithAgent(t, user, agent);
      const byAgent = new Map((await list(client)).items.map((s) => [s.userAgent, s.device]));
      for (const [kind, agent] of Object.entries(agents)) expect(byAgent.get(agent), kind).toBe(kind);
    });

    it('lists the current session first even when it is the oldest, on the first page only, and pages the others without it', async () => {
      const { user, client } = await t.signedInUser();
      for (let i = 0; i < 4; i++) {
        t.clock.advance(1_000);
        await t.login(user);
      }
      const first = await list(client, '?limit=2');
      expect(first.items.map((s) => s.current)).toEqual([true, false]);
      const all = (await list(client, '?limit=100')).items;
      expect(all[0].current).toBe(true);
      const others = all.slice(1);
      expect(others.map((s) => s.createdAt)).toEqual([...others.map((s) => s.createdAt)].sort().reverse());
      // limit=1: the first page is the current session alone, the next ones hold every other session once
      const seen: string[] = [];
      let page = await list(client, '?limit=1');
      expect(page.items.map((s) => s.current)).toEqual([true]);
      while (page.nextCursor) {
        page = await list(client, `?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`);
        seen.push(...page.items.map((s) => s.id));
      }
      expect(seen).toEqual(others.map((s) => s.id));
      // the history (ended sessions) has no current session to put first
      expect((await list(client, '?state=ended')).items).toEqual([]);
    });

    it('shows how each session signed in: password, password+totp, password+recovery_code', async () => {
      const account = await twoFactorUser(t); // signed in with the password before 2FA was on
      const totp = await startLogin(t, account.user);
      expect((await totp.client.post('/api/v1/auth/login/second-factor', { ticket: totp.ticket, code: totpCode(t, account.secret) })).status).toBe(200);
      const recovery = await startLogin(t, account.user);
      expect((await recovery.client.post('/api/v1/auth/login/second-factor', { ticket: recovery.ticket, code: account.recoveryCodes[0] })).status).toBe(200);
      const methods = (await list(account.client)).items.map((s) => s.method).sort();
      expect(methods).toEqual(['password', 'password+recovery_code', 'password+totp']);
    });

    it('never shows other users\' sessions', async () => {
      const alice = await t.signedInUser();
      const bob = await t.signedInUser();
      const bobIds = (await list(bob.client, '?state=all')).items.map((s) => s.id);
      const aliceIds = (await list(alice.client, '?state=all')).items.map((s) => s.id);
      expect(aliceIds.filter((id) => bobIds.includes(id))).toEqual([]);
    });

    it('given state=ended or state=all, then ended sessions with endedAt and endReason', async () => {
      const { user, client } = await t.signedInUser();
      const other = await t.login(user);
      expect((await other.post('/api/v1/auth/logout')).status).toBe(204);
      const ended = (await list(client, '?state=ended')).items;
      expect(ended).toHaveLength(1);
      expect(ended[0]).toMatchObject({ current: false, endedAt: expect.any(String), endReason: 'logout' });
      expect((await list(client, '?state=all')).items).toHaveLength(2);
      expect((await list(client, '?state=active')).items).toHaveLength(1);
      expect((await list(client)).items).toHaveLength(1);
    });

    it('pages with limit and cursor, newest first, without gaps or repeats', async () => {
      const { user, client } = await t.signedInUser();
      for (let i = 0; i < 6; i++) {
        t.clock.advance(1_000);
        await t.login(user);
      }
      const all = (await list(client, '?limit=100')).items.map((s) => s.id);
      expect(all).toHaveLength(7);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(client, `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(all);
    });

    it.each([
      ['an unknown state', 'invalid_request', '?state=expired'],
      ['limit 0', 'invalid_request', '?limit=0'],
      ['limit 101', 'invalid_request', '?limit=101'],
      ['a text limit', 'invalid_request', '?limit=ten'],
      ['a forged cursor', 'invalid_cursor', '?cursor=bm90LWEtY3Vyc29y'],
      ['a huge cursor', 'invalid_request', `?cursor=${'a'.repeat(600)}`],
    ])('given %s, then 400 %s', async (_name, code, query) => {
      const { client } = await t.signedInUser();
      expectProblem(await client.get(`/api/v1/sessions${query}`), 400, code);
    });

    it('without a session, then 401', async () => {
      expectProblem(await t.anonymous().get('/api/v1/sessions'), 401, 'unauthenticated');
    });
  });

  describe('DELETE /api/v1/sessions/{id}', () => {
    it('ends that session: refused on its very next request, kept in history as revoked, on the timeline', async () => {
      const { user, client } = await t.signedInUser();
      const other = await t.login(user);
      const target = (await list(client)).items.find((s) => !s.current);
      const res = await client.delete(`/api/v1/sessions/${target.id}`);
      expect(res.status).toBe(204);
      expectProblem(await other.get('/api/v1/profile'), 401, 'unauthenticated');
      expect((await client.get('/api/v1/profile')).status).toBe(200);
      const ended = (await list(client, '?state=ended')).items;
      expect(ended).toEqual([expect.objectContaining({ id: target.id, endReason: 'revoked', endedAt: expect.any(String) })]);
      const event = (await client.get('/api/v1/profile/events')).body.items[0];
      expect(event).toMatchObject({ type: 'session_revoked', details: { sessionId: target.id }, ip: '127.0.0.1' });
    });

    it("given another user's session id, then 404 session_not_found and that session lives on", async () => {
      const alice = await t.signedInUser();
      const bob = await t.signedInUser();
      const bobSession = (await list(bob.client)).items[0];
      expectProblem(await alice.client.delete(`/api/v1/sessions/${bobSession.id}`), 404, 'session_not_found');
      expect((await bob.client.get('/api/v1/profile')).status).toBe(200);
      expect((await list(bob.client)).items.map((s) => s.id)).toContain(bobSession.id);
    });

    it('given an unknown, already ended or malformed id, then 404 / 400', async () => {
      const { user, client } = await t.signedInUser();
      const other = await t.login(user);
      const target = (await list(other)).items.find((s) => s.current);
      await other.post('/api/v1/auth/logout');
      expectProblem(await client.delete(`/api/v1/sessions/${target.id}`), 404, 'session_not_found');
      expectProblem(await client.delete('/api/v1/sessions/does-not-exist'), 404, 'session_not_found');
      expectProblem(await client.delete(`/api/v1/sessions/${'x'.repeat(65)}`), 400, 'invalid_request');
      expectProblem(await client.delete(`/api/v1/sessions/${encodeURIComponent("' OR 1=1 --")}`), 404, 'session_not_found');
    });

    it('given my own current session, then it ends like a logout', async () => {
      const { client } = await t.signedInUser();
      const current = (await list(client)).items.find((s) => s.current);
      expect((await client.delete(`/api/v1/sessions/${current.id}`)).status).toBe(204);
      expectProblem(await client.get('/api/v1/sessions'), 401, 'unauthenticated');
    });

    it('without a session, then 401; from another site, then 403 csrf_rejected', async () => {
      const { client } = await t.signedInUser();
      const current = (await list(client)).items[0];
      expectProblem(await t.anonymous().delete(`/api/v1/sessions/${current.id}`), 401, 'unauthenticated');
      expectProblem(await client.delete(`/api/v1/sessions/${current.id}`, undefined, { headers: { origin: 'https://evil.example' } }), 403, 'csrf_rejected');
      expect((await client.get('/api/v1/profile')).status).toBe(200);
    });
  });

  describe('DELETE /api/v1/sessions', () => {
    it('ends every session but the current one', async () => {
      const { user, client } = await t.signedInUser();
      const others = [await t.login(user), await t.login(user), await loginWithAgent(t, user, CHROME_ON_MAC)];
      expect((await client.delete('/api/v1/sessions')).status).toBe(204);
      for (const other of others) expectProblem(await other.get('/api/v1/profile'), 401, 'unauthenticated');
      expect((await client.get('/api/v1/profile')).status).toBe(200);
      const active = (await list(client)).items;
      expect(active).toHaveLength(1);
      expect(active[0].current).toBe(true);
      const ended = (await list(client, '?state=ended')).items;
      expect(ended).toHaveLength(3);
      expect(ended.every((s) => s.endReason === 'revoked')).toBe(true);
      expect((await client.get('/api/v1/profile/events')).body.items[0]).toMatchObject({ type: 'session_revoked', details: { count: 3 } });
    });

    it('given no other session, then 204 and nothing is recorded', async () => {
      const { client } = await t.signedInUser();
      expect((await client.delete('/api/v1/sessions')).status).toBe(204);
      const types = (await client.get('/api/v1/profile/events')).body.items.map((e: any) => e.type);
      expect(types).not.toContain('session_revoked');
    });

    it("leaves other users' sessions alone", async () => {
      const alice = await t.signedInUser();
      const bob = await t.signedInUser();
      expect((await alice.client.delete('/api/v1/sessions')).status).toBe(204);
      expect((await bob.client.get('/api/v1/profile')).status).toBe(200);
    });

    it('without a session, then 401', async () => {
      expectProblem(await t.anonymous().delete('/api/v1/sessions'), 401, 'unauthenticated');
    });
  });

  describe('end reasons', () => {
    it('password_changed: changing the password ends the other sessions', async () => {
      const { user, client } = await t.signedInUser();
      const other = await t.login(user);
      const res = await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: 'another fine passphrase 7' });
      expect(res.status).toBe(204);
      expectProblem(await other.get('/api/v1/profile'), 401, 'unauthenticated');
      expect((await list(client, '?state=ended')).items.map((s) => s.endReason)).toEqual(['password_changed']);
    });

    it('user_disabled: a disabled user\'s session is refused and recorded as ended for that reason', async () => {
      const { user, client } = await t.signedInUser();
      const second = await t.login(user);
      const db = t.app.userhub.database.db;
      await db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
      expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
      await t.app.userhub.services.sessions.sweep(); // housekeeping ends the sessions not seen since
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
      expect(rows.map((r) => r.end_reason)).toEqual(['user_disabled', 'user_disabled']);
      expectProblem(await second.get('/api/v1/profile'), 401, 'unauthenticated');
    });

    it('twofactor_reset: an admin reset ends the sessions with that reason', async () => {
      const { client: admin } = await t.signedInUser({ role: 'admin' });
      const account = await twoFactorUser(t);
      expect((await admin.post(`/api/v1/admin/users/${account.user.id}/twofactor/reset`)).status).toBe(200);
      const client = await t.login(account.user);
      expect((await list(client, '?state=ended')).items.map((s) => s.endReason)).toEqual(['twofactor_reset']);
    });
  });
});

describe('sessions over time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupApp({ USERHUB_SESSION_IDLE_TIMEOUT: '1h', USERHUB_SESSION_LIFETIME: '1d' });
  });
  afterAll(async () => t.close());

  it('expired: idle past the timeout, the session is refused and listed as expired', async () => {
    const { user, client } = await t.signedInUser();
    const idle = await t.login(user);
    t.clock.advance(30 * 60_000);
    expect((await client.get('/api/v1/profile')).status).toBe(200); // keeps this one alive
    t.clock.advance(31 * 60_000);
    expectProblem(await idle.get('/api/v1/profile'), 401, 'unauthenticated');
    const ended = (await list(client, '?state=ended')).items;
    expect(ended).toEqual([expect.objectContaining({ endReason: 'expired' })]);
  });

  it('expired: past the absolute lifetime even when active all along', async () => {
    const { user, client } = await t.signedInUser();
    let hours = 0;
    for (; hours < 30; hours++) {
      t.clock.advance(59 * 60_000);
      if ((await client.get('/api/v1/profile')).status !== 200) break;
    }
    expect(hours).toBe(24); // 25 × 59 minutes > 1 day
    const fresh = await t.login(user);
    expect((await list(fresh, '?state=ended')).items).toEqual([expect.objectContaining({ endReason: 'expired' })]);
  });
});

describe('session history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupApp({ USERHUB_SESSION_HISTORY: '2d' });
  });
  afterAll(async () => t.close());

  it('keeps ended sessions for the history window (USERHUB_SESSION_HISTORY), then forgets them', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.login(user);
    await other.post('/api/v1/auth/logout');
    const db = t.app.userhub.database.db;
    t.clock.advance(47 * 3_600_000);
    expect((await list(client, '?state=ended')).items).toHaveLength(1);
    expect((await list(client, '?state=all')).items).toHaveLength(2);
    t.clock.advance(2 * 3_600_000);
    // past the window it is no longer listed, even before housekeeping runs…
    expect((await list(client, '?state=ended')).items).toHaveLength(0);
    expect((await list(client, '?state=all')).items).toHaveLength(1);
    expect(await db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(2);
    // …and housekeeping deletes it; active sessions are never deleted
    await t.app.userhub.services.sessions.sweep();
    const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ended_at).toBeNull();
    expect((await client.get('/api/v1/profile')).status).toBe(200);
  });
});
