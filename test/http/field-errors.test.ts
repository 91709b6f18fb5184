import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, MAX_FIELD_ERRORS } from '../../src/http/field-errors.js';
import { type TestApp, STRONG_PASSWORD, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient, TestResponse } from '../helpers/client.js';
import { ENGINE } from '../helpers/database.js';

/** Problems that name their fields: `errors: [{field, code, detail}]` (docs/http.md). */

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

interface Entry {
  field: string;
  code: string;
  detail: string;
  limit?: number;
}
const entries = (res: TestResponse): Entry[] => (res.body as { errors?: Entry[] }).errors ?? [];
const byField = (res: TestResponse) => Object.fromEntries(entries(res).map(({ field, code }) => [field, code]));

/** Every entry is `{field, code, detail}` with public English text, and names each field once. */
function expectWellFormed(res: TestResponse): void {
  const list = entries(res);
  expect(list.length).toBeGreaterThan(0);
  for (const entry of list) {
    expect(entry).toMatchObject({ field: expect.any(String), code: expect.stringMatching(/^[a-z]+(_[a-z0-9]+)*$/), detail: expect.any(String) });
    expect(entry.detail).toMatch(/\.$/);
  }
  expect(new Set(list.map(({ field }) => field)).size).toBe(list.length);
}

describe(`schema errors list every failing field (${ENGINE})`, () => {
  it('given several bad fields at once, then each is listed with its own code, the top-level code unchanged', async () => {
    const { client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { displayName: 'x'.repeat(401), newsletter: 'yes', language: 'xx', dateFormat: 'soon', timezone: 'Z'.repeat(65) });
    expectProblem(res, 400, 'invalid_request');
    expectWellFormed(res);
    expect(byField(res)).toEqual({ displayName: 'too_long', newsletter: 'type', language: 'enum', dateFormat: 'enum', timezone: 'too_long' });
    expect(entries(res).find(({ field }) => field === 'displayName')).toMatchObject({ limit: 400, path: 'body/displayName', detail: 'displayName must have at most 400 characters.' });
    expect(entries(res).find(({ field }) => field === 'timezone')?.limit).toBe(64);
  });

  it('given missing required fields, then each is named by its own name', async () => {
    const { client } = await t.signedInUser();
    const none = await client.put('/api/v1/profile/password', { other: 1 });
    expectProblem(none, 400, 'invalid_request');
    expect(byField(none)).toEqual({ currentPassword: 'required', newPassword: 'required' });
    const one = await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: '' });
    expect(entries(one)).toEqual([expect.objectContaining({ field: 'newPassword', code: 'too_short', limit: 1 })]);
  });

  it('given an unknown field where the schema allows none, then it is listed as unknown_field beside the others', async () => {
    const res = await admin.patch('/api/v1/admin/settings', { gravatr: false, profilesLocked: 'yes', passwordPolicy: { minLength: 2, extra: true } });
    expectProblem(res, 400, 'invalid_request');
    expectWellFormed(res);
    expect(byField(res)).toEqual({ gravatr: 'unknown_field', profilesLocked: 'type', 'passwordPolicy.extra': 'unknown_field', 'passwordPolicy.minLength': 'too_small' });
  });

  it('given a bad query parameter, then it is named as the query field', async () => {
    const res = await admin.get('/api/v1/admin/users?limit=0');
    expectProblem(res, 400, 'invalid_request');
    expect(entries(res)).toEqual([expect.objectContaining({ field: 'limit', code: 'too_small', path: 'query/limit' })]);
  });

  it(`given more failing fields than ${MAX_FIELD_ERRORS}, then the list stops there`, async () => {
    const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`extra${i}`, i]));
    const res = await admin.patch('/api/v1/admin/settings', body);
    expectProblem(res, 400, 'invalid_request');
    expect(entries(res)).toHaveLength(MAX_FIELD_ERRORS);
    expect(entries(res).every(({ code }) => code === 'unknown_field')).toBe(true);
  });

  it('given text that is not clean Unicode, then its field is named with invalid_characters', async () => {
    const { client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { displayName: 'a\u0000b' });
    expectProblem(res, 400, 'invalid_request');
    expect(entries(res)).toEqual([expect.objectContaining({ field: 'displayName', code: 'invalid_characters', path: 'body/displayName' })]);
  });

  it('given every schema code, then it is snake_case', () => {
    for (const code of FIELD_ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});

describe(`rule errors name their field (${ENGINE})`, () => {
  it('given an email in use, then 409 email_taken names email', async () => {
    const other = await t.createUser();
    const { client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { email: other.email });
    expectProblem(res, 409, 'email_taken');
    expect(entries(res)).toEqual([{ field: 'email', code: 'email_taken', detail: 'This email address is in use.' }]);
  });

  it('given two bad addresses and an unknown zone, then one 400 names all three and nothing changes', async () => {
    const { client } = await t.signedInUser({ displayName: 'Before' });
    const res = await client.patch('/api/v1/profile', { displayName: 'After', email: 'not-an-email', recoveryEmail: 'nope', timezone: 'Mars/Olympus' });
    expectProblem(res, 400, 'invalid_email');
    expectWellFormed(res);
    expect(byField(res)).toEqual({ email: 'invalid_email', recoveryEmail: 'invalid_email', timezone: 'invalid_timezone' });
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');
  });

  it('given a wrong current password or a weak new one, then the problem names that field', async () => {
    const { client } = await t.signedInUser();
    const wrong = await client.put('/api/v1/profile/password', { currentPassword: 'not it at all', newPassword: 'another strong passphrase 7' });
    expectProblem(wrong, 403, 'invalid_password');
    expect(byField(wrong)).toEqual({ currentPassword: 'invalid_password' });
    const weak = await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: 'short' });
    expectProblem(weak, 422, 'password_too_short');
    expect(byField(weak)).toEqual({ newPassword: 'password_too_short' });
    expect(weak.body.minLength).toEqual(expect.any(Number));
  });

  it('given a wrong password for a sensitive change, then invalid_password names password', async () => {
    const { client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { email: 'fresh@example.com', password: 'wrong password here' });
    expectProblem(res, 403, 'invalid_password');
    expect(byField(res)).toEqual({ password: 'invalid_password' });
  });

  it('given a bad token name and a past expiry, then both are named', async () => {
    const { client } = await t.signedInUser();
    const res = await client.post('/api/v1/tokens', { name: '\u200b', scope: 'readonly', expiresAt: '2000-01-01T00:00:00Z', password: STRONG_PASSWORD });
    expectProblem(res, 400, 'invalid_token_name');
    expect(byField(res)).toEqual({ name: 'invalid_token_name', expiresAt: 'invalid_expiry' });
  });

  it('given an account name in use, then account_name_taken names name', async () => {
    const name = `Vendor ${Date.now()}`;
    expect((await admin.post('/api/v1/admin/accounts', { name, type: 'vendor' })).status).toBe(201);
    const res = await admin.post('/api/v1/admin/accounts', { name, type: 'reseller' });
    expectProblem(res, 409, 'account_name_taken');
    expect(byField(res)).toEqual({ name: 'account_name_taken' });
  });

  it('given a problem about no one field, then it has no errors member', async () => {
    const res = await t.anonymous().post('/api/v1/auth/login', { username: 'nobody', password: 'wrong password' });
    expectProblem(res, 401, 'invalid_credentials');
    expect(res.body.errors).toBeUndefined();
  });
});

describe('the OpenAPI document', () => {
  it('given the Problem schema, then it describes errors with field, code and detail', async () => {
    await t.app.ready();
    const doc = t.app.swagger() as unknown as { components: { schemas: { Problem: { properties: Record<string, any> } } } };
    const errors = doc.components.schemas.Problem.properties.errors;
    expect(errors).toMatchObject({ type: 'array', maxItems: MAX_FIELD_ERRORS, items: { required: ['field', 'code', 'detail'] } });
    expect(errors.items.properties.code.enum).toEqual(expect.arrayContaining([...FIELD_ERROR_CODES, 'email_taken']));
  });
});
