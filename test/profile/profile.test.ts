import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LANGUAGES } from '../../src/lib/languages.js';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { allEvents } from '../helpers/activity.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('GET /api/v1/profile', () => {
  it('given a session, then every field of the contract', async () => {
    const { user, client } = await t.signedInUser({ displayName: 'Ada Lovelace' });
    const res = await client.get('/api/v1/profile');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: user.id,
      username: user.username,
      displayName: 'Ada Lovelace',
      email: user.email,
      pendingEmail: null,
      recoveryEmail: null,
      pendingRecoveryEmail: null,
      // a new instance has Gravatar off: initials, nothing from a third-party host
      avatarUrl: expect.stringMatching(/^\/api\/v1\/media\/initials\/\d+\/AL\?size=256$/),
      avatarSmallUrl: expect.stringMatching(/^\/api\/v1\/media\/initials\/\d+\/AL\?size=64$/),
      backgroundUrl: null,
      language: 'en',
      timezone: 'UTC',
      dateFormat: 'YYYY-MM-DD',
      theme: 'system',
      newsletter: false,
      notifyNewSignIn: true,
      notifyTokenCreated: true,
      notifyAppPasswordCreated: true,
      notifyPasskeyAdded: true,
      twoFactor: { totp: false, passkeys: 0, recoveryCodesLeft: 0 },
      source: 'local',
      editable: { displayName: true, email: true, recoveryEmail: true, avatar: true, twoFactor: true },
      locks: { displayName: null, email: null, recoveryEmail: null, avatar: null, twoFactor: null },
      twoFactorSetupRequired: false,
      isAdmin: false,
      role: 'user',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('without a session, then 401 unauthenticated; with a forged cookie, too', async () => {
    expectProblem(await t.anonymous().get('/api/v1/profile'), 401, 'unauthenticated');
    const forged = t.anonymous();
    forged.cookie = 'x'.repeat(43);
    expectProblem(await forged.get('/api/v1/profile'), 401, 'unauthenticated');
  });

  it('with Gravatar on, the Gravatar URL follows the email, ignoring case', async () => {
    const admin = (await t.signedInUser({ role: 'admin' })).client;
    expect((await admin.patch('/api/v1/admin/settings', { gravatar: true })).status).toBe(200);
    onTestFinished(async () => {
      await admin.patch('/api/v1/admin/settings', { gravatar: false });
    });
    const { client } = await t.signedInUser({ email: 'Mixed.Case@Example.com' });
    const lower = await t.signedInUser({ email: 'someone-else@example.com' });
    const a = (await client.get('/api/v1/profile')).body.avatarUrl;
    expect(a).toContain(createHash('sha256').update('mixed.case@example.com').digest('hex'));
    expect(a).not.toBe((await lower.client.get('/api/v1/profile')).body.avatarUrl);
  });
});

describe('PATCH /api/v1/profile', () => {
  it('changes display name, language, timezone, date format and newsletter, and they persist', async () => {
    const { client } = await t.signedInUser();
    const patch = { displayName: 'Grace Hopper', language: 'de', timezone: 'Europe/Berlin', dateFormat: 'DD.MM.YYYY', newsletter: true };
    const res = await client.patch('/api/v1/profile', patch);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(patch);
    expect((await client.get('/api/v1/profile')).body).toMatchObject(patch);
  });

  it('accepts every IANA zone, links included, and refuses an unknown one with 400 invalid_timezone', async () => {
    const { client } = await t.signedInUser();
    for (const zone of ['America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Asia/Calcutta', 'Pacific/Chatham', 'UTC']) {
      expect((await client.patch('/api/v1/profile', { timezone: zone })).status, zone).toBe(200);
    }
    expectProblem(await client.patch('/api/v1/profile', { timezone: 'Mars/Olympus_Mons' }), 400, 'invalid_timezone');
    expectProblem(await client.patch('/api/v1/profile', { timezone: '../../etc/passwd' }), 400, 'invalid_timezone');
  });

  it('given every registered language, then it is accepted and stored as its BCP 47 tag (pt-BR, not pt-br)', async () => {
    const { client } = await t.signedInUser();
    for (const language of LANGUAGES) {
      expect((await client.patch('/api/v1/profile', { language })).body.language, language).toBe(language);
      expect((await client.get('/api/v1/profile')).body.language).toBe(language);
    }
  });

  it('refuses an unknown language, date format or theme with 400', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', { language: 'xx' }), 400, 'invalid_request');
    // the tag as the server lists it: a browser's spelling is the dashboard's to match
    for (const language of ['pt-br', 'pt', 'pt_BR']) expectProblem(await client.patch('/api/v1/profile', { language }), 400, 'invalid_request');
    expectProblem(await client.patch('/api/v1/profile', { dateFormat: 'YYYY/DD/MM' }), 400, 'invalid_request');
    expectProblem(await client.patch('/api/v1/profile', { theme: 'sepia' }), 400, 'invalid_request');
    expectProblem(await client.patch('/api/v1/profile', { theme: null }), 400, 'invalid_request');
    expect((await client.get('/api/v1/profile')).body.theme).toBe('system');
  });

  it('keeps the theme (system, light, dark) and says so in the activity', async () => {
    const { client } = await t.signedInUser();
    for (const theme of ['dark', 'light', 'system']) {
      const res = await client.patch('/api/v1/profile', { theme });
      expect(res.status, theme).toBe(200);
      expect(res.body.theme).toBe(theme);
      expect((await client.get('/api/v1/profile')).body.theme).toBe(theme);
    }
    const events = (await allEvents(client)) as { type: string; details?: { fields?: string[] } }[];
    expect(events.filter((event) => event.type === 'profile_updated').map((event) => event.details?.fields)).toContainEqual(['theme']);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['a control character', 'Ada\u0007'],
    ['a newline', 'Ada\nLovelace'],
    ['101 characters', 'a'.repeat(101)],
  ])('refuses a display name that is %s with 400 invalid_display_name', async (_name, displayName) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', { displayName }), 400, 'invalid_display_name');
  });

  it('accepts 100 characters of any script as a display name', async () => {
    const { client } = await t.signedInUser();
    const name = '名'.repeat(50) + '😀'.repeat(50);
    const res = await client.patch('/api/v1/profile', { displayName: name });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe(name);
  });

  it('given username in the body, then 422 username_immutable and nothing changes', async () => {
    const { user, client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', { username: 'newname', displayName: 'Changed' }), 422, 'username_immutable');
    const profile = (await client.get('/api/v1/profile')).body;
    expect(profile.username).toBe(user.username);
    expect(profile.displayName).not.toBe('Changed');
  });

  it.each([
    ['a number', { newsletter: 1 }],
    ['a string boolean', { newsletter: 'true' }],
    ['an object', { displayName: { $ne: null } }],
    ['an array', { timezone: ['UTC'] }],
  ])('given %s for a field, then 400 invalid_request', async (_name, body) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', body), 400, 'invalid_request');
  });

  it('takes a new email (pending until confirmed, see test/email-change) with a recent sign-in; emails stay unique without regard to case', async () => {
    const other = await t.createUser({ email: 'taken@example.com' });
    const { client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', { email: 'TAKEN@example.COM' }), 409, 'email_taken');
    expectProblem(await client.patch('/api/v1/profile', { email: 'not-an-email' }), 400, 'invalid_email');
    expectProblem(await client.patch('/api/v1/profile', { email: 'a@b@c.com' }), 400, 'invalid_email');
    const res = await client.patch('/api/v1/profile', { email: 'fresh.address@example.org' });
    expect(res.status).toBe(200);
    expect(res.body.pendingEmail).toBe('fresh.address@example.org');
    expect(res.body.email).not.toBe('fresh.address@example.org');
    expect(other.email).toBe('taken@example.com');
  });

  it('takes a recovery email as pending until confirmed (see test/email-change/recovery-email.test.ts); null means the primary', async () => {
    const { client } = await t.signedInUser();
    expect((await client.patch('/api/v1/profile', { recoveryEmail: 'backup@example.net' })).body).toMatchObject({
      recoveryEmail: null,
      pendingRecoveryEmail: 'backup@example.net',
    });
    expect((await client.patch('/api/v1/profile', { recoveryEmail: null })).body).toMatchObject({ recoveryEmail: null });
    expectProblem(await client.patch('/api/v1/profile', { recoveryEmail: 'nope' }), 400, 'invalid_email');
  });

  it('an email change after the re-authentication window needs the password: 403 reauthentication_required', async () => {
    const { client } = await t.signedInUser();
    t.clock.advance(16 * 60_000);
    try {
      expectProblem(await client.patch('/api/v1/profile', { recoveryEmail: 'late@example.net' }), 403, 'reauthentication_required');
      expectProblem(await client.patch('/api/v1/profile', { recoveryEmail: 'late@example.net', password: 'wrong password' }), 403, 'invalid_password');
      const res = await client.patch('/api/v1/profile', { recoveryEmail: 'late@example.net', password: STRONG_PASSWORD });
      expect(res.status).toBe(200);
      // non-sensitive fields never need it
      expect((await client.patch('/api/v1/profile', { newsletter: true })).status).toBe(200);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it('POST /auth/reauthenticate opens the window again; a wrong password is refused', async () => {
    const { client } = await t.signedInUser();
    t.clock.advance(20 * 60_000);
    try {
      expectProblem(await client.post('/api/v1/auth/reauthenticate', { password: 'wrong password' }), 403, 'invalid_password');
      expect((await client.post('/api/v1/auth/reauthenticate', { password: STRONG_PASSWORD })).status).toBe(204);
      expect((await client.patch('/api/v1/profile', { recoveryEmail: 'ok@example.net' })).status).toBe(200);
      expectProblem(await t.anonymous().post('/api/v1/auth/reauthenticate', { password: STRONG_PASSWORD }), 401, 'unauthenticated');
      expectProblem(await client.post('/api/v1/auth/reauthenticate', {}), 400, 'invalid_request');
    } finally {
      t.clock.advance(-20 * 60_000);
    }
  });

  it('writes profile changes to the security timeline', async () => {
    const { client } = await t.signedInUser();
    await client.patch('/api/v1/profile', { displayName: 'Someone New', email: 'someone.new@example.com' });
    const types = (await client.get('/api/v1/profile/events')).body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['email_change_requested', 'profile_updated', 'sign_in_succeeded', 'account_created']));
  });
});
