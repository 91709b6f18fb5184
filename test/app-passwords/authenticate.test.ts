import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/lib/token-format.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventsOf } from '../helpers/activity.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { enableTotp } from '../helpers/twofactor.js';

let t: TestApp;
let mail: { id: string; secret: string; name: string };
let wiki: { id: string; secret: string; name: string };
beforeAll(async () => {
  t = await setupApp();
  mail = await registerApp(t, 'Mail');
  wiki = await registerApp(t, 'Wiki');
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

async function userWithMailPassword() {
  const { user, client } = await t.signedInUser({ displayName: 'Ada Lovelace' });
  const appPassword = await createAppPassword(client, mail.id);
  return { user, client, ...appPassword };
}

describe('POST /api/v1/apps/{appId}/authenticate: app passwords', () => {
  it('given an app password made for this app, then 200 with exactly id, username, displayName and email', async () => {
    const { user, password } = await userWithMailPassword();
    const res = await appAuthenticate(t, mail.id, mail.secret, user.username, password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: user.id, username: user.username, displayName: 'Ada Lovelace', email: user.email },
      via: 'app_password',
    });
  });

  it('accepts the email as login, and the password typed in capitals, without dashes or with spaces', async () => {
    const { user, password } = await userWithMailPassword();
    for (const typed of [password.toUpperCase(), password.replace(/-/g, ''), password.replace(/-/g, ' ')]) {
      expect((await appAuthenticate(t, mail.id, mail.secret, user.username, typed)).status).toBe(200);
    }
    expect((await appAuthenticate(t, mail.id, mail.secret, user.email.toUpperCase(), password)).status).toBe(200);
  });

  it('given the app password at another app (with that app’s right secret), then 401: it opens only its own app', async () => {
    const { user, password } = await userWithMailPassword();
    expectProblem(await appAuthenticate(t, wiki.id, wiki.secret, user.username, password), 401, 'invalid_credentials');
  });

  it("given another user's app password with my username, then 401", async () => {
    const { user: alice } = await userWithMailPassword();
    const { password: bobsPassword } = await userWithMailPassword();
    expectProblem(await appAuthenticate(t, mail.id, mail.secret, alice.username, bobsPassword), 401, 'invalid_credentials');
  });

  it('given a deleted app password, then 401 from the next request on', async () => {
    const { user, client, id, password } = await userWithMailPassword();
    expect((await appAuthenticate(t, mail.id, mail.secret, user.username, password)).status).toBe(200);
    await client.delete(`/api/v1/app-passwords/${id}`);
    expectProblem(await appAuthenticate(t, mail.id, mail.secret, user.username, password), 401, 'invalid_credentials');
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const { user } = await userWithMailPassword();
    const wrong = await appAuthenticate(t, mail.id, mail.secret, user.username, 'abcdefg-hijkmnp-qrstuvw-xyz2345');
    const unknown = await appAuthenticate(t, mail.id, mail.secret, 'nobody-at-all', 'abcdefg-hijkmnp-qrstuvw-xyz2345');
    expectProblem(wrong, 401, 'invalid_credentials');
    expect(wrong.body).toEqual(unknown.body);
    const [failure] = await eventsOf(t, user.id, 'sign_in_failed');
    expect(failure).toBeDefined();
  });

  it('the first use is on the timeline once; lastUsedAt is written at most once a minute', async () => {
    const { user, id, password } = await userWithMailPassword();
    const lastUsed = async () =>
      (await db().selectFrom('app_passwords').select(['last_used_at', 'last_used_ip']).where('id', '=', id).executeTakeFirstOrThrow());
    expect((await lastUsed()).last_used_at).toBeNull();

    await appAuthenticate(t, mail.id, mail.secret, user.username, password);
    const first = await lastUsed();
    expect(first).toEqual({ last_used_at: expect.any(String), last_used_ip: '127.0.0.1' });
    t.clock.advance(30_000);
    await appAuthenticate(t, mail.id, mail.secret, user.username, password);
    expect((await lastUsed()).last_used_at).toBe(first.last_used_at);
    t.clock.advance(31_000);
    await appAuthenticate(t, mail.id, mail.secret, user.username, password);
    expect(Date.parse((await lastUsed()).last_used_at!) - Date.parse(first.last_used_at!)).toBeGreaterThanOrEqual(60_000);

    const events = await eventsOf(t, user.id, 'app_password_first_used');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ appPasswordId: id, appId: mail.id, appName: 'Mail' });
  });

  it('given many first uses at once, then one first-use event', async () => {
    const { user, password } = await userWithMailPassword();
    const results = await Promise.all(Array.from({ length: 6 }, () => appAuthenticate(t, mail.id, mail.secret, user.username, password)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(await eventsOf(t, user.id, 'app_password_first_used')).toHaveLength(1);
  });

  it('given a disabled user, then 403 user_disabled after right credentials only', async () => {
    const { user, password } = await userWithMailPassword();
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    expectProblem(await appAuthenticate(t, mail.id, mail.secret, user.username, password), 403, 'user_disabled');
    expectProblem(await appAuthenticate(t, mail.id, mail.secret, user.username, user.password), 403, 'user_disabled');
    expectProblem(await appAuthenticate(t, mail.id, mail.secret, user.username, 'wrong one'), 401, 'invalid_credentials');
  });
});

describe('the app must prove itself with its secret', () => {
  it.each([
    ['no Authorization', () => null],
    ['the secret of another app', () => wiki.secret],
    ['a well-formed secret nobody issued', () => generateSecret('uha_')],
    ['a secret with a bad checksum', () => `${mail.secret.slice(0, -1)}${mail.secret.endsWith('0') ? '1' : '0'}`],
    ['an API-token-shaped value', () => generateSecret('uh_')],
    ['garbage', () => 'hunter2'],
  ])('given %s, then 401 invalid_app_credentials with WWW-Authenticate: Bearer', async (_name, secret) => {
    const { user, password } = await userWithMailPassword();
    const res = await appAuthenticate(t, mail.id, secret(), user.username, password);
    expectProblem(res, 401, 'invalid_app_credentials');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    const events = await eventsOf(t, user.id, 'app_password_first_used');
    expect(events).toHaveLength(0);
  });

  it('given an unknown app id, then the same 401 invalid_app_credentials', async () => {
    const { user, password } = await userWithMailPassword();
    expectProblem(await appAuthenticate(t, 'no-such-app', mail.secret, user.username, password), 401, 'invalid_app_credentials');
    expectProblem(await appAuthenticate(t, 'x'.repeat(65), mail.secret, user.username, password), 400, 'invalid_request');
  });

  it('given Basic credentials instead of the Bearer secret, then 401', async () => {
    const { user, password } = await userWithMailPassword();
    const res = await t.anonymous().post(
      `/api/v1/apps/${mail.id}/authenticate`,
      { username: user.username, password },
      { noOrigin: true, headers: { authorization: `Basic ${Buffer.from(`${user.username}:${password}`).toString('base64')}` } },
    );
    expectProblem(res, 401, 'invalid_app_credentials');
  });
});

describe('the main password at apps', () => {
  it('is accepted while the user has no second factor', async () => {
    const { user } = await userWithMailPassword();
    const res = await appAuthenticate(t, mail.id, mail.secret, user.username, user.password);
    expect(res.status).toBe(200);
    expect(res.body.via).toBe('password');
  });

  it('is refused once the user has 2FA (same 401 as a wrong password, logged); app passwords keep working', async () => {
    const { user, client, password } = await userWithMailPassword();
    await enableTotp(t, client);
    const mainPassword = await appAuthenticate(t, mail.id, mail.secret, user.username, user.password);
    const wrong = await appAuthenticate(t, mail.id, mail.secret, user.username, 'not the password at all');
    expectProblem(mainPassword, 401, 'invalid_credentials');
    expect(mainPassword.body).toEqual(wrong.body);
    const reasons = (await eventsOf(t, user.id, 'sign_in_failed')).map((e) => JSON.parse(e.details).reason);
    expect(reasons).toContain('app_password_required');

    const ok = await appAuthenticate(t, mail.id, mail.secret, user.username, password);
    expect(ok.status).toBe(200);
    expect(ok.body.via).toBe('app_password');
  });

  it('a pending (unconfirmed) TOTP enrolment is not a second factor yet', async () => {
    const { user } = await userWithMailPassword();
    const now = t.clock.now().toISOString();
    await db()
      .insertInto('totp_credentials')
      .values({ user_id: user.id, secret_ciphertext: 'pending', confirmed_at: null, last_used_step: 0, created_at: now })
      .execute();
    expect((await appAuthenticate(t, mail.id, mail.secret, user.username, user.password)).status).toBe(200);
  });
});

describe('app passwords never open the dashboard', () => {
  it('POST /auth/login with an app password is 401 invalid_credentials, by username or email', async () => {
    const { user, password } = await userWithMailPassword();
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password }), 401, 'invalid_credentials');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.email, password }), 401, 'invalid_credentials');
  });

  it('nor re-authentication of a session', async () => {
    const { client, password } = await userWithMailPassword();
    expectProblem(await client.post('/api/v1/auth/reauthenticate', { password }), 403, 'invalid_password');
  });
});

describe('throttling, like the sign-in', () => {
  it('after 10 failures in a minute even the right app password gets 429 with Retry-After, until the window passes', async () => {
    const { user, password } = await userWithMailPassword();
    for (let i = 0; i < 10; i++) {
      expectProblem(await appAuthenticate(t, mail.id, mail.secret, user.username, `wrong-${i}`), 401, 'invalid_credentials');
    }
    const limited = await appAuthenticate(t, mail.id, mail.secret, user.username, password);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // the budget is shared with the dashboard sign-in
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password }), 429, 'rate_limited');

    t.clock.advance(61_000);
    expect((await appAuthenticate(t, mail.id, mail.secret, user.username, password)).status).toBe(200);
  });
});

describe('hostile input', () => {
  it.each([
    ['no body fields', {}],
    ['a number as password', { username: 'alice', password: 12345678 }],
    ['an operator object', { username: { $ne: null }, password: 'x' }],
    ['empty strings', { username: '', password: '' }],
    ['a 4097-character password', { username: 'alice', password: 'p'.repeat(4097) }],
    ['a 257-character username', { username: 'u'.repeat(257), password: 'x' }],
    ['a NUL character in the username (PostgreSQL text cannot hold it)', { username: 'ali\u0000ce', password: 'x' }],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    const res = await t.anonymous().post(`/api/v1/apps/${mail.id}/authenticate`, body, { noOrigin: true, headers: { authorization: `Bearer ${mail.secret}` } });
    expectProblem(res, 400, 'invalid_request');
  });

  it('given a NUL character in the app id or at the dashboard sign-in, then 400, on both engines', async () => {
    expectProblem(await appAuthenticate(t, 'a\u0000b', mail.secret, 'alice', 'x'), 400, 'invalid_request');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: 'ali\u0000ce', password: 'x' }), 400, 'invalid_request');
  });

  it('given SQL-looking credentials, then the generic 401', async () => {
    const res = await appAuthenticate(t, mail.id, mail.secret, "x' OR '1'='1", "' OR 1=1 --");
    expectProblem(res, 401, 'invalid_credentials');
  });

  it('given a 2 MB body, then 413', async () => {
    const res = await appAuthenticate(t, mail.id, mail.secret, 'alice', 'p'.repeat(2 * 1024 * 1024));
    expectProblem(res, 413, 'payload_too_large');
  });

  it('given a cross-site Origin (a browser form), then 403 csrf_rejected', async () => {
    const res = await t.anonymous().post(
      `/api/v1/apps/${mail.id}/authenticate`,
      { username: 'alice', password: 'x' },
      { headers: { authorization: `Bearer ${mail.secret}`, origin: 'https://evil.example' } },
    );
    expectProblem(res, 403, 'csrf_rejected');
  });
});
