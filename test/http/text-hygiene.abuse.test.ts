import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient, TestResponse } from '../helpers/client.js';
import { ENGINE } from '../helpers/database.js';

let t: TestApp;
let admin: TestClient;
let accountId: string;
let groupId: string;
let memberId: string;
beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
  accountId = (await admin.post('/api/v1/admin/accounts', { name: 'Vendor One', type: 'vendor' })).body.id;
  groupId = (await admin.post(`/api/v1/admin/accounts/${accountId}/groups`, { name: 'Sales' })).body.id;
  memberId = (await t.createUser()).id;
  expect((await admin.post(`/api/v1/admin/accounts/${accountId}/members`, { userId: memberId, groupId })).status).toBe(201);
});
afterAll(async () => t.close());

/** 400 invalid_request as problem+json with the API's headers, naming where the bad text was. */
function expectRefusedText(res: TestResponse, where: string): void {
  expectProblem(res, 400, 'invalid_request');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body.errors?.[0]?.path).toMatch(new RegExp(`^${where}`));
}

describe(`NUL characters and unpaired surrogates are 400 before any store sees them (${ENGINE})`, () => {
  it('given a NUL in the admin account search, then 400 (it was a 500 on PostgreSQL)', async () => {
    expectRefusedText(await admin.get('/api/v1/admin/accounts?q=a%00b'), 'query/q');
    expectRefusedText(await admin.get('/api/v1/admin/accounts?q=%00'), 'query/q');
  });

  it('given a NUL in a group id, then 400 on reading, renaming and deleting', async () => {
    expectRefusedText(await admin.patch(`/api/v1/admin/accounts/${accountId}/groups/g%00x`, { name: 'X' }), 'path/groupId');
    expectRefusedText(await admin.delete(`/api/v1/admin/accounts/${accountId}/groups/g%00x`), 'path/groupId');
    expectRefusedText(await admin.get(`/api/v1/admin/accounts/a%00b/groups`), 'path/id');
  });

  it('given a NUL in a member id, in the path or the body, then 400 and the membership stays', async () => {
    expectRefusedText(await admin.delete(`/api/v1/admin/accounts/${accountId}/members/u%00x`), 'path/userId');
    expectRefusedText(await admin.patch(`/api/v1/admin/accounts/${accountId}/members/u%00x`, { groupId }), 'path/userId');
    expectRefusedText(await admin.post(`/api/v1/admin/accounts/${accountId}/members`, { userId: 'u\u0000x', groupId }), 'body/userId');
    expectRefusedText(await admin.post(`/api/v1/admin/accounts/${accountId}/members`, { userId: memberId, groupId: `${groupId}\u0000` }), 'body/groupId');
    const members = await admin.get(`/api/v1/admin/accounts/${accountId}/members`);
    expect(members.body.items.map((m: { user: { id: string } }) => m.user.id)).toContain(memberId);
  });

  it('given a NUL in a path id or a profile field, then 400 and nothing changes', async () => {
    const { client } = await t.signedInUser({ displayName: 'Before' });
    expectRefusedText(await client.delete('/api/v1/sessions/a%00b'), 'path/id');
    expectRefusedText(await client.patch('/api/v1/profile', { displayName: 'a\u0000b' }), 'body/displayName');
    expectRefusedText(await client.patch('/api/v1/profile', { timezone: 'UTC\u0000' }), 'body/timezone');
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');
  });

  it('given an unpaired surrogate in a JSON string or a key, then 400, never stored as U+FFFD', async () => {
    const { client } = await t.signedInUser({ displayName: 'Before' });
    for (const raw of ['{"displayName":"a\\ud800b"}', '{"displayName":"\\udc00"}', '{"displayName":"ok","\\ud800":1}']) {
      expectRefusedText(await client.patch('/api/v1/profile', undefined, { raw, headers: { 'content-type': 'application/json' } }), 'body');
    }
    expectRefusedText(await admin.post('/api/v1/admin/accounts', { name: 'Bad \ud83d name', type: 'vendor' }), 'body/name');
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');
    const ok = await client.patch('/api/v1/profile', { displayName: 'Party 🎉' });
    expect(ok.status).toBe(200);
    expect(ok.body.displayName).toBe('Party 🎉');
  });

  it('given a query string that does not decode (an encoded unpaired surrogate), then 400 malformed_url, not a literal search', async () => {
    for (const url of ['/api/v1/admin/accounts?q=%ED%A0%80', '/api/v1/admin/users?q=%E0%A4%A', '/api/v1/admin/accounts?q=%FF']) {
      const res = await admin.get(url);
      expectProblem(res, 400, 'malformed_url');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).not.toContain('%');
    }
    expectRefusedText(await admin.get('/api/v1/admin/users?q=x%00'), 'query/q');
    expect((await admin.get('/api/v1/admin/accounts?q=Vendor%20One')).body.items).toHaveLength(1);
    // a stray % starts no escape: literal text, as Fastify reads it
    expect((await admin.get('/api/v1/admin/accounts?q=100%')).status).toBe(200);
  });
});
