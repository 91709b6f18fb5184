import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalTimezone, isValidName } from '../../src/features/users/rules.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const INVISIBLE = [
  ['a zero-width space', '\u200b'],
  ['zero-width joiners', '\u200d\u200c'],
  ['a Hangul filler', '\u3164'],
  ['Hangul choseong and jungseong fillers', '\u115f\u1160'],
  ['a halfwidth Hangul filler', '\uffa0'],
  ['a braille blank', '\u2800'],
  ['a soft hyphen', '\u00ad'],
  ['a byte-order mark', '\ufeff'],
  ['spaces around a zero-width space', ' \u200b '],
];

describe('isValidName: one rule for every name people read', () => {
  it.each(BIDI.map((c) => [c.codePointAt(0)!.toString(16)]))('given the bidi control U+%s, then refused', (hex) => {
    expect(isValidName(`evil${String.fromCodePoint(parseInt(hex, 16))}gpj.exe`)).toBe(false);
  });

  it.each(INVISIBLE)('given %s and nothing visible, then refused', (_name, name) => {
    expect(isValidName(name)).toBe(false);
  });

  it.each([
    ['a plain name', 'Alice Example'],
    ['an emoji family (zero-width joiners between visible characters)', '👨‍👩‍👧 Family'],
    ['Persian with a zero-width non-joiner', 'می‌خواهم'],
    ['a soft hyphen inside a word', 'Donau\u00addampf'],
    ['100 emoji', '🎉'.repeat(100)],
  ])('given %s, then accepted', (_name, name) => {
    expect(isValidName(name)).toBe(true);
  });

  it.each([
    ['an unpaired surrogate', 'a\ud800b'],
    ['a NUL', 'a\u0000b'],
    ['101 characters', 'x'.repeat(101)],
    ['nothing', ''],
  ])('given %s, then refused', (_name, name) => {
    expect(isValidName(name)).toBe(false);
  });
});

describe('canonicalTimezone', () => {
  it.each([
    ['europe/BERLIN', 'Europe/Berlin'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['utc', 'UTC'],
  ])('given %s, then %s', (zone, canonical) => {
    expect(canonicalTimezone(zone)).toBe(canonical);
  });

  it('keeps a link accepted, as the runtime resolves it', () => {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Calcutta' }).resolvedOptions().timeZone;
    expect(canonicalTimezone('asia/calcutta')).toBe(resolved);
  });

  it.each([['Mars/Olympus'], ['+01:00'], [''], ['x'.repeat(65)], ['Europe/Berlin\u0000']])('given %j, then null', (zone) => {
    expect(canonicalTimezone(zone)).toBeNull();
  });
});

describe('the API applies the text rules', () => {
  let t: TestApp;
  let client: TestClient;
  let admin: TestClient;
  beforeAll(async () => {
    t = await setupApp();
    client = (await t.signedInUser({ displayName: 'Before' })).client;
    admin = (await t.signedInUser({ role: 'admin' })).client;
  });
  afterAll(async () => t.close());

  it('given a display name with a bidi control or nothing visible, then 400 invalid_display_name and it stays', async () => {
    for (const displayName of ['Alice\u202eecilA', '\u2066Bob\u2069', '\u3164', '\u2800\u2800', '\u200b']) {
      expectProblem(await client.patch('/api/v1/profile', { displayName }), 400, 'invalid_display_name');
    }
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');
  });

  it('given an admin setting such a display name, then 400 invalid_display_name', async () => {
    const user = await t.createUser();
    expectProblem(await admin.patch(`/api/v1/admin/users/${user.id}`, { displayName: 'x\u202ey' }), 400, 'invalid_display_name');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'bidiuser', email: 'bidi@example.com', displayName: '\u3164' }), 400, 'invalid_display_name');
  });

  it('given such a token, app password, app, account or group name, then 400 with the name’s code', async () => {
    expectProblem(await client.post('/api/v1/tokens', { name: 'ci\u202egpj', scope: 'readonly' }), 400, 'invalid_token_name');
    expectProblem(await client.post('/api/v1/tokens', { name: '\u200b', scope: 'readonly' }), 400, 'invalid_token_name');
    const app = (await admin.post('/api/v1/admin/apps', { name: 'Mail' })).body;
    expectProblem(await client.post('/api/v1/app-passwords', { name: '\u2800', appId: app.id }), 400, 'invalid_app_password_name');
    expectProblem(await admin.post('/api/v1/admin/apps', { name: 'Ma\u2067il' }), 400, 'invalid_app_name');
    expectProblem(await admin.post('/api/v1/admin/accounts', { name: '\u115f', type: 'vendor' }), 400, 'invalid_account_name');
    const account = (await admin.post('/api/v1/admin/accounts', { name: 'Visible Vendor', type: 'vendor' })).body;
    expectProblem(await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: 'Sales\u202d' }), 400, 'invalid_group_name');
  });

  it('given a time zone in any case, then it is stored in canonical IANA form', async () => {
    const res = await client.patch('/api/v1/profile', { timezone: 'europe/BERLIN' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.timezone).toBe('Europe/Berlin');
    expect((await client.get('/api/v1/profile')).body.timezone).toBe('Europe/Berlin');
    const link = await client.patch('/api/v1/profile', { timezone: 'Asia/Calcutta' });
    expect(link.status).toBe(200);
    expect(link.body.timezone).toBe(canonicalTimezone('Asia/Calcutta'));
    expectProblem(await client.patch('/api/v1/profile', { timezone: '+01:00' }), 400, 'invalid_timezone');
    expectProblem(await client.patch('/api/v1/profile', { timezone: 'Mars/Olympus' }), 400, 'invalid_timezone');
  });
});
