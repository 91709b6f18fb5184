import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOKENS_PER_USER } from '../../src/features/tokens/service.js';
import { sha256Hex } from '../../src/lib/secrets.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventsOf } from '../helpers/activity.js';
import { createToken, tokenClient } from '../helpers/tokens.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const DAY = 86_400_000;

async function setMaxLifetime(value: string | null) {
  await db().deleteFrom('settings').where('key', '=', 'maxTokenLifetimeDays').execute();
  if (value !== null) await db().insertInto('settings').values({ key: 'maxTokenLifetimeDays', value }).execute();
  // what PATCH /admin/settings does after its commit on this node
  t.app.userhub.services.settings.invalidate();
}

describe('POST /api/v1/tokens', () => {
  it('given a name and scope, then 201 with the token shown once, stored only as its SHA-256', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.post('/api/v1/tokens', { name: 'backup script', scope: 'readonly' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      token: expect.stringMatching(/^uh_[0-9A-Za-z]{38}$/),
      name: 'backup script',
      scope: 'readonly',
      expiresAt: null,
      expired: false,
      lastUsedAt: null,
      lastUsedIp: null,
    });
    expect(res.body.prefix).toBe(res.body.token.slice(0, 7));

    const row = await db().selectFrom('api_tokens').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(res.body.token));
    expect(JSON.stringify(row)).not.toContain(res.body.token);

    const list = await client.get('/api/v1/tokens');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: res.body.id, name: 'backup script', scope: 'readonly', prefix: res.body.prefix }),
    ]);
    expect(list.body.items[0]).not.toHaveProperty('token');

    const events = await eventsOf(t, user.id, 'token_created');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ tokenId: res.body.id, name: 'backup script', scope: 'readonly' });
    expect(events[0]!.details).not.toContain(res.body.token);
  });

  it('given expiresAt in the future, then it is kept (normalised to UTC) and the token dies then', async () => {
    const { client } = await t.signedInUser();
    const expiresAt = new Date(t.clock.now().getTime() + 2 * DAY);
    const offset = expiresAt.toISOString().replace('Z', '+00:00');
    const { token } = await createToken(client, 'readwrite', { expiresAt: offset });
    const [item] = (await client.get('/api/v1/tokens')).body.items;
    expect(item.expiresAt).toBe(expiresAt.toISOString());

    expect((await tokenClient(t, token).get('/api/v1/profile')).status).toBe(200);
    t.clock.advance(2 * DAY + 1000);
    try {
      expectProblem(await tokenClient(t, token).get('/api/v1/profile'), 401, 'invalid_token');
      const [after] = (await client.get('/api/v1/tokens')).body.items;
      expect(after.expired).toBe(true);
    } finally {
      t.clock.advance(-(2 * DAY + 1000));
    }
  });

  it.each([
    ['in the past', () => new Date(t.clock.now().getTime() - 60_000).toISOString()],
    ['right now', () => t.clock.now().toISOString()],
  ])('given expiresAt %s, then 400 invalid_expiry and nothing is created', async (_name, when) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/tokens', { name: 'x', scope: 'readonly', expiresAt: when() }), 400, 'invalid_expiry');
    expect((await client.get('/api/v1/tokens')).body.items).toHaveLength(0);
  });

  it.each([
    ['a missing scope', { name: 'x' }],
    ['an unknown scope', { name: 'x', scope: 'admin' }],
    ['a scope of the wrong type', { name: 'x', scope: ['readonly'] }],
    ['an empty name', { name: '', scope: 'readonly' }],
    ['a 401-character name', { name: 'n'.repeat(401), scope: 'readonly' }],
    ['a number as name', { name: 42, scope: 'readonly' }],
    ['a date that is no date', { name: 'x', scope: 'readonly', expiresAt: 'tomorrow' }],
    ['an impossible date', { name: 'x', scope: 'readonly', expiresAt: '2030-02-31T00:00:00Z' }],
    ['an array body', [{ name: 'x', scope: 'readonly' }]],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/tokens', body), 400, 'invalid_request');
  });

  it.each([
    ['only spaces', '    '],
    ['control characters', 'bad\u0007name'],
    ['101 characters', 'n'.repeat(101)],
  ])('given a name of %s, then 400 invalid_token_name', async (_name, name) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/tokens', { name, scope: 'readonly' }), 400, 'invalid_token_name');
  });

  it('given the admin cap maxTokenLifetimeDays, then no expiresAt means the cap, a later one 422, an earlier one is kept', async () => {
    const { client } = await t.signedInUser();
    await setMaxLifetime('30');
    try {
      const now = t.clock.now().getTime();
      const capped = await client.post('/api/v1/tokens', { name: 'capped', scope: 'readonly' });
      expect(capped.status).toBe(201);
      expect(Math.abs(Date.parse(capped.body.expiresAt) - (now + 30 * DAY))).toBeLessThan(5_000);

      const tooLong = await client.post('/api/v1/tokens', { name: 'long', scope: 'readonly', expiresAt: new Date(now + 31 * DAY).toISOString() });
      expectProblem(tooLong, 422, 'token_lifetime_too_long');
      expect(tooLong.body.maxExpiresAt).toEqual(expect.any(String));

      const shorter = new Date(now + 10 * DAY).toISOString();
      const ok = await client.post('/api/v1/tokens', { name: 'short', scope: 'readonly', expiresAt: shorter });
      expect(ok.status).toBe(201);
      expect(ok.body.expiresAt).toBe(shorter);
    } finally {
      await setMaxLifetime(null);
    }
  });

  it.each(['"thirty"', 'null', '-5', '0', 'not json', '1e12', '[30]'])('given an unusable cap value %s, then no cap applies', async (value) => {
    const { client } = await t.signedInUser();
    await setMaxLifetime(value);
    try {
      const res = await client.post('/api/v1/tokens', { name: 'uncapped', scope: 'readonly' });
      expect(res.status).toBe(201);
      expect(res.body.expiresAt).toBeNull();
    } finally {
      await setMaxLifetime(null);
    }
  });

  it('given a session that signed in long ago, then 403 reauthentication_required, unless the password comes along', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(16 * 60_000);
    try {
      expectProblem(await client.post('/api/v1/tokens', { name: 'late', scope: 'readonly' }), 403, 'reauthentication_required');
      expectProblem(await client.post('/api/v1/tokens', { name: 'late', scope: 'readonly', password: 'wrong password!' }), 403, 'invalid_password');
      expect((await client.get('/api/v1/tokens')).body.items).toHaveLength(0);
      const res = await client.post('/api/v1/tokens', { name: 'late', scope: 'readonly', password: user.password });
      expect(res.status).toBe(201);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it(`given ${MAX_TOKENS_PER_USER} tokens already, then 422 too_many_tokens`, async () => {
    const { user, client } = await t.signedInUser();
    const now = t.clock.now().toISOString();
    await db()
      .insertInto('api_tokens')
      .values(
        Array.from({ length: MAX_TOKENS_PER_USER }, (_, i) => ({
          id: `bulk-${user.id}-${i}`,
          user_id: user.id,
          name: `t${i}`,
          scope: 'readonly' as const,
          token_hash: sha256Hex(`${user.id}-${i}`),
          prefix: 'uh_xxxx',
          created_at: now,
          expires_at: null,
          last_used_at: null,
          last_used_ip: null,
        })),
      )
      .execute();
    expectProblem(await client.post('/api/v1/tokens', { name: 'one more', scope: 'readonly' }), 422, 'too_many_tokens');
  });

  it('without a session, then 401', async () => {
    expectProblem(await t.anonymous().post('/api/v1/tokens', { name: 'x', scope: 'readonly' }), 401, 'unauthenticated');
    expectProblem(await t.anonymous().get('/api/v1/tokens'), 401, 'unauthenticated');
  });
});

describe('GET /api/v1/tokens', () => {
  it('lists only my tokens, newest first, page by page', async () => {
    const { client } = await t.signedInUser();
    const { client: other } = await t.signedInUser();
    await createToken(other, 'readonly', { name: 'not mine' });
    const made = [];
    for (const name of ['first', 'second', 'third']) {
      made.push(await createToken(client, 'readonly', { name }));
      t.clock.advance(1000);
    }
    const page1 = await client.get('/api/v1/tokens?limit=2');
    expect(page1.body.items.map((i: { name: string }) => i.name)).toEqual(['third', 'second']);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await client.get(`/api/v1/tokens?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { name: string }) => i.name)).toEqual(['first']);
    expect(page2.body.nextCursor).toBeNull();
    expectProblem(await client.get('/api/v1/tokens?cursor=garbage'), 400, 'invalid_cursor');
    expectProblem(await client.get('/api/v1/tokens?limit=1000'), 400, 'invalid_request');
  });
});

describe('DELETE /api/v1/tokens/{id}', () => {
  it('revokes the token: 204, the next request with it is 401, the timeline says so', async () => {
    const { user, client } = await t.signedInUser();
    const { id, token } = await createToken(client);
    expect((await tokenClient(t, token).get('/api/v1/profile')).status).toBe(200);
    expect((await client.delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    expectProblem(await tokenClient(t, token).get('/api/v1/profile'), 401, 'invalid_token');
    expect((await client.get('/api/v1/tokens')).body.items).toHaveLength(0);
    expect(await eventsOf(t, user.id, 'token_revoked')).toHaveLength(1);
    expectProblem(await client.delete(`/api/v1/tokens/${id}`), 404, 'token_not_found');
  });

  it("given someone else's token id, then 404 token_not_found and their token keeps working", async () => {
    const { client: alice } = await t.signedInUser();
    const { client: bob } = await t.signedInUser();
    const bobs = await createToken(bob);
    expectProblem(await alice.delete(`/api/v1/tokens/${bobs.id}`), 404, 'token_not_found');
    expect((await tokenClient(t, bobs.token).get('/api/v1/profile')).status).toBe(200);
  });

  it('given an unknown or absurd id, then 404 / 400, never 500', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.delete('/api/v1/tokens/does-not-exist'), 404, 'token_not_found');
    expectProblem(await client.delete(`/api/v1/tokens/${'x'.repeat(65)}`), 400, 'invalid_request');
    expectProblem(await client.delete(`/api/v1/tokens/${encodeURIComponent("' OR 1=1 --")}`), 404, 'token_not_found');
    expectProblem(await client.delete('/api/v1/tokens/a%00b'), 400, 'invalid_request');
  });

  it('when the user is deleted, then their tokens are gone with them', async () => {
    const { user, client } = await t.signedInUser();
    const { token } = await createToken(client);
    await t.app.userhub.services.userDeletion.deleteById(user.id);
    expectProblem(await tokenClient(t, token).get('/api/v1/profile'), 401, 'invalid_token');
    const left = await db().selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(left).toHaveLength(0);
  });
});
