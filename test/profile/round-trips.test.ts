import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type TestApp, setupApp } from '../helpers/app.js';
import { createToken, tokenClient } from '../helpers/tokens.js';
import type { TestClient } from '../helpers/client.js';

// GET /api/v1/profile is the hot read. On PostgreSQL (no read cache: other nodes write) it costs
// exactly one statement: the session or token, its user and everything the view shows. On
// SQLite a repeated read is served from the read cache: no statement at all.
let t: TestApp;
let statements: string[] = [];
beforeAll(async () => {
  t = await setupApp({}, { onQuery: (sql) => statements.push(sql) });
  await t.app.userhub.services.mail.stop();
});
afterAll(() => t.close());

async function statementsOf(client: TestClient): Promise<{ body: Record<string, unknown>; sql: string[] }> {
  statements = [];
  const res = await client.get('/api/v1/profile');
  expect(res.status).toBe(200);
  return { body: res.body, sql: statements };
}

describe('GET /api/v1/profile: statements per request', () => {
  for (const via of ['session cookie', 'API token'] as const) {
    it(`by ${via}: one statement on PostgreSQL, none from the cache on SQLite`, async () => {
      const { client: session } = await t.signedInUser({ displayName: 'Round Trip' });
      const client = via === 'session cookie' ? session : tokenClient(t, (await createToken(session, 'readonly')).token);
      // warms the settings cache, records the token's first use (a write), fills SQLite's read cache
      const first = await statementsOf(client);
      await statementsOf(client);
      const again = await statementsOf(client);
      expect(again.body).toEqual(first.body);
      expect(again.body.displayName).toBe('Round Trip');
      if (t.config.database.kind === 'postgres') {
        expect(again.sql).toHaveLength(1);
        expect(again.sql[0]).toMatch(/from "(sessions|api_tokens)"/);
        expect(again.sql[0]).toMatch(/"media"/);
        expect(again.sql[0]).toMatch(/"email_tokens"/);
        expect(again.sql[0]).toMatch(/"totp_credentials"/);
      } else {
        expect(again.sql).toEqual([]);
      }
    });
  }

  it('PostgreSQL: every pooled connection keeps one generic plan for the hot statements (no replanning per execution)', async () => {
    if (t.config.database.kind !== 'postgres') return expect(t.config.database.kind).toBe('sqlite');
    const modes = await Promise.all(
      Array.from({ length: 4 }, () => sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(t.app.userhub.database.db)),
    );
    expect(modes.map((m) => m.rows[0]?.plan_cache_mode)).toEqual(Array(4).fill('force_generic_plan'));
  });

  it('the view read in one statement equals the view read piece by piece, pending addresses and 2FA included', async () => {
    const { client, user } = await t.signedInUser();
    const patched = await client.patch('/api/v1/profile', { recoveryEmail: `${user.username}-r@example.com`, password: user.password });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const { body } = await statementsOf(client);
    const row = await t.app.userhub.services.users.findById(user.id);
    expect(body).toEqual(JSON.parse(JSON.stringify(await t.app.userhub.services.profile.view(row!))));
    expect(body.pendingRecoveryEmail).toBe(`${user.username}-r@example.com`);
  });

  it("SQLite: another user's writes leave this user's cached reads alone; this user's own write drops them", async () => {
    if (t.config.database.kind === 'postgres') return expect(t.app.userhub.database.changes).toBeNull();
    const { client } = await t.signedInUser();
    const { client: other } = await t.signedInUser();
    await statementsOf(client);
    expect((await statementsOf(client)).sql).toEqual([]);
    expect((await other.patch('/api/v1/profile', { displayName: 'Someone Else' })).status).toBe(200);
    expect((await statementsOf(client)).sql).toEqual([]);
    expect((await client.patch('/api/v1/profile', { displayName: 'Me Again' })).status).toBe(200);
    const after = await statementsOf(client);
    expect(after.sql.length).toBeGreaterThan(0);
    expect(after.body.displayName).toBe('Me Again');
  });
});
