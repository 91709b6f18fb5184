import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { passkeySignIn, passkeyUser } from '../helpers/passkeys.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const OPTIONS = '/api/v1/auth/passkey/options';
const SIGN_IN = '/api/v1/auth/passkey';
const db = () => t.app.userhub.database.db;

async function passkeyRow(id: string) {
  return db().selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
async function sessionCount(userId: string) {
  return (await db().selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;
}

describe('POST /api/v1/auth/passkey/options', () => {
  it('hands out a challenge for any passkey of the site: empty allowCredentials, user verification required', async () => {
    const res = await t.anonymous().post(OPTIONS, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      challengeId: expect.any(String),
      options: expect.objectContaining({ rpId: 'userhub.test', allowCredentials: [], userVerification: 'required', challenge: expect.any(String) }),
    });
    expect((await t.anonymous().post(OPTIONS)).status).toBe(200);
  });
});

describe('POST /api/v1/auth/passkey (passwordless)', () => {
  it('signs in with a user-verified passkey: the same answer and cookie as a password login, method passkey, last used', async () => {
    const { user, device, passkey } = await passkeyUser(t);
    const { res, client } = await passkeySignIn(t, device);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', user: { id: user.id, username: user.username } });
    expect(String(res.headers['set-cookie'])).toMatch(/userhub_session=.+HttpOnly/i);
    const sessions = (await client.get('/api/v1/sessions')).body.items;
    expect(sessions.find((s: any) => s.current)).toMatchObject({ method: 'passkey' });
    expect((await client.get('/api/v1/profile/passkeys')).body.items[0].lastUsedAt).toEqual(expect.any(String));
    const event = (await client.get('/api/v1/profile/events')).body.items[0];
    expect(event).toMatchObject({ type: 'sign_in_succeeded', details: { method: 'passkey', passkeyId: passkey.id } });
  });

  it('a challenge is answered once: a replay, an expired challenge, another challenge id are 400 passkey_challenge_expired', async () => {
    const { user, device } = await passkeyUser(t);
    const client = t.anonymous();
    const options = (await client.post(OPTIONS, {})).body;
    const response = device.authenticate(options.options);
    const [first, replay] = await Promise.all([
      client.post(SIGN_IN, { challengeId: options.challengeId, response }),
      t.anonymous().post(SIGN_IN, { challengeId: options.challengeId, response }),
    ]);
    expect([first.status, replay.status].sort()).toEqual([200, 400]);
    expectProblem(first.status === 400 ? first : replay, 400, 'passkey_challenge_expired');
    expectProblem(await client.post(SIGN_IN, { challengeId: options.challengeId, response }), 400, 'passkey_challenge_expired');

    const other = (await client.post(OPTIONS, {})).body;
    const mine = (await client.post(OPTIONS, {})).body;
    expectProblem(await client.post(SIGN_IN, { challengeId: other.challengeId, response: device.authenticate(mine.options) }), 400, 'passkey_challenge_expired');

    const late = (await client.post(OPTIONS, {})).body;
    t.clock.advance(5 * 60_000 + 1_000);
    expectProblem(await client.post(SIGN_IN, { challengeId: late.challengeId, response: device.authenticate(late.options) }), 400, 'passkey_challenge_expired');
    expect(await sessionCount(user.id)).toBe(2);
  });

  it.each([
    ['a wrong origin', { origin: 'https://evil.example' }],
    ['a wrong RP ID', { rpId: 'evil.example' }],
    ['a tampered signature', { tamperSignature: true }],
    ['no user verification', { userVerified: false }],
    ['a counter that went backwards', { counter: 0 }],
    ['another user’s handle', { userHandle: Buffer.from('someone else').toString('base64url') }],
  ])('refuses %s with 401 invalid_credentials and changes nothing', async (_name, overrides) => {
    const { user, device, passkey } = await passkeyUser(t);
    expect((await passkeySignIn(t, device)).res.status).toBe(200); // counter 1 stored
    const before = await passkeyRow(passkey.id);
    const sessions = await sessionCount(user.id);
    const { res } = await passkeySignIn(t, device, overrides);
    expectProblem(res, 401, 'invalid_credentials');
    expect(res.body.unknownCredential).toBeUndefined();
    expect(await passkeyRow(passkey.id)).toEqual(before);
    expect(await sessionCount(user.id)).toBe(sessions);
  });

  it('a tampered challenge inside clientDataJSON is 400 passkey_challenge_expired', async () => {
    const { device } = await passkeyUser(t);
    const { res } = await passkeySignIn(t, device, { challenge: Buffer.from('made up').toString('base64url') });
    expectProblem(res, 400, 'passkey_challenge_expired');
  });

  it('a deleted passkey: 401 invalid_credentials saying the credential is unknown (for signalUnknownCredential)', async () => {
    const { client, device, passkey } = await passkeyUser(t);
    const [credentialId] = device.credentialIds();
    expect((await client.delete(`/api/v1/profile/passkeys/${passkey.id}`)).status).toBe(204);
    const { res } = await passkeySignIn(t, device);
    expectProblem(res, 401, 'invalid_credentials');
    expect(res.body).toMatchObject({ unknownCredential: true, credentialId });
  });

  it('a disabled user: 403 user_disabled, as for a password', async () => {
    const { user, device } = await passkeyUser(t);
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    const { res } = await passkeySignIn(t, device);
    expectProblem(res, 403, 'user_disabled');
  });

  it('two racing answers with one counter value: exactly one signs in', async () => {
    const { user, device } = await passkeyUser(t);
    const a = (await t.anonymous().post(OPTIONS, {})).body;
    const b = (await t.anonymous().post(OPTIONS, {})).body;
    const answerA = device.authenticate(a.options, { counter: 7 });
    const answerB = device.authenticate(b.options, { counter: 7 });
    const results = await Promise.all([
      t.anonymous().post(SIGN_IN, { challengeId: a.challengeId, response: answerA }),
      t.anonymous().post(SIGN_IN, { challengeId: b.challengeId, response: answerB }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(await sessionCount(user.id)).toBe(2);
  });

  it('refuses malformed bodies with 400 invalid_request', async () => {
    const client = t.anonymous();
    expectProblem(await client.post(SIGN_IN, {}), 400, 'invalid_request');
    expectProblem(await client.post(SIGN_IN, { challengeId: 'x', response: { id: 'a' } }), 400, 'invalid_request');
    const options = (await client.post(OPTIONS, {})).body;
    const junk = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} };
    expectProblem(await client.post(SIGN_IN, { challengeId: options.challengeId, response: junk }), 400, 'passkey_challenge_expired');
  });

  it('throttles: a burst of challenges from one IP gets 429 with Retry-After', async () => {
    const local = await setupApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 61; i += 1) statuses.push((await local.anonymous().post(OPTIONS, {})).status);
      expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
      const refused = await local.anonymous().post(OPTIONS, {});
      expectProblem(refused, 429, 'rate_limited');
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await local.close();
    }
  });

  it('wrong answers spend the user’s sign-in budget: after 10 failures even the right passkey gets 429', async () => {
    const { device } = await passkeyUser(t);
    for (let i = 0; i < 10; i += 1) expect((await passkeySignIn(t, device, { tamperSignature: true })).res.status).toBe(401);
    expectProblem((await passkeySignIn(t, device)).res, 429, 'rate_limited');
    t.clock.advance(61_000);
    expect((await passkeySignIn(t, device)).res.status).toBe(200);
  });
});

describe('second factor after a password', () => {
  const SECOND = '/api/v1/auth/login/second-factor';
  const SECOND_OPTIONS = '/api/v1/auth/login/second-factor/passkey/options';

  async function ticketFor(user: { username: string; password: string }) {
    const client = t.anonymous();
    const res = await client.post('/api/v1/auth/login', { username: user.username, password: user.password });
    expect(res.body.status, JSON.stringify(res.body)).toBe('second_factor_required');
    return { client, ticket: res.body.ticket as string, methods: res.body.methods as string[] };
  }

  it('a passkey user is asked for it (methods: passkey) and completes with it: method password+passkey, no UV needed', async () => {
    const { user, device } = await passkeyUser(t);
    const { client, ticket, methods } = await ticketFor(user);
    expect(methods).toEqual(['passkey']);
    const options = await client.post(SECOND_OPTIONS, { ticket });
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ allowCredentials: [{ id: device.credentialIds()[0], type: 'public-key' }], userVerification: 'preferred' });
    const res = await client.post(SECOND, { ticket, passkey: device.authenticate(options.body, { userVerified: false }) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', user: { id: user.id } });
    const current = (await client.get('/api/v1/sessions')).body.items.find((s: any) => s.current);
    expect(current.method).toBe('password+passkey');
    expectProblem(await client.post(SECOND, { ticket, passkey: device.authenticate(options.body) }), 401, 'invalid_ticket');
  });

  it('refuses another user’s passkey (401 passkey_rejected, attempts counted) and a challenge of another ticket', async () => {
    const { user, device } = await passkeyUser(t);
    const stranger = await passkeyUser(t);
    const { client, ticket } = await ticketFor(user);
    const options = (await client.post(SECOND_OPTIONS, { ticket })).body;
    const res = await client.post(SECOND, { ticket, passkey: stranger.device.authenticate(options, { credentialId: stranger.device.credentialIds()[0] }) });
    expectProblem(res, 401, 'passkey_rejected');
    expect(res.body.attemptsLeft).toBe(4);

    const other = await ticketFor(user);
    const otherOptions = (await other.client.post(SECOND_OPTIONS, { ticket: other.ticket })).body;
    expectProblem(await client.post(SECOND, { ticket, passkey: device.authenticate(otherOptions) }), 400, 'passkey_challenge_expired');
  });

  it('wants exactly one of code and passkey, a live ticket, and a user who has a passkey', async () => {
    const { user, device } = await passkeyUser(t);
    const { client, ticket } = await ticketFor(user);
    const options = (await client.post(SECOND_OPTIONS, { ticket })).body;
    expectProblem(await client.post(SECOND, { ticket }), 400, 'invalid_request');
    expectProblem(await client.post(SECOND, { ticket, code: '123456', passkey: device.authenticate(options) }), 400, 'invalid_request');
    expectProblem(await client.post(SECOND_OPTIONS, { ticket: 'not-a-ticket' }), 401, 'invalid_ticket');
    expectProblem(await client.post(SECOND_OPTIONS, {}), 400, 'invalid_request');
  });

  it('a passkey satisfies an account that requires MFA and the mandatory 2FA rule', async () => {
    const admin = await passkeyUser(t);
    await db().updateTable('users').set({ role: 'admin' }).where('id', '=', admin.user.id).execute();
    const { user, client } = await passkeyUser(t);
    const account = await admin.client.post('/api/v1/admin/accounts', { name: `MFA GmbH ${user.username}`, type: 'vendor', requiresMfa: true });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const group = await admin.client.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Sales' });
    expect((await admin.client.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId: user.id, groupId: group.body.id })).status).toBeLessThan(300);
    const memberships = (await client.get('/api/v1/accounts')).body.items;
    expect(memberships[0]).toMatchObject({ requiresMfa: true, mfaSatisfied: true });
    expect((await client.get(`/api/v1/accounts/${account.body.id}`)).status).toBe(200);

    expect((await admin.client.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true })).status).toBe(200);
    try {
      expect((await client.get('/api/v1/profile')).body.twoFactorSetupRequired).toBe(false);
      expect((await client.get('/api/v1/sessions')).status).toBe(200);
    } finally {
      expect((await admin.client.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false })).status).toBe(200);
    }
  });
});

