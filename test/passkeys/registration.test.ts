import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { GOOGLE_PASSWORD_MANAGER, addPasskey, authenticator, passkeySignIn, passkeyUser } from '../helpers/passkeys.js';
import { issueToken, tokenClient } from '../helpers/tokens.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const OPTIONS = '/api/v1/profile/passkeys/registration/options';
const REGISTER = '/api/v1/profile/passkeys/registration';
const LIST = '/api/v1/profile/passkeys';
const WINDOW = 15 * 60_000;
const db = () => t.app.userhub.database.db;

describe('POST /api/v1/profile/passkeys/registration/options', () => {
  it('asks for a discoverable credential with user verification preferred, under a random user handle', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.post(OPTIONS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rp: { id: 'userhub.test', name: 'Userhub' },
      user: { name: user.username, id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      attestation: 'none',
      excludeCredentials: [],
      challenge: expect.any(String),
    });
    const handle = Buffer.from(res.body.user.id, 'base64url').toString('latin1');
    expect(handle).not.toContain(user.username);
    expect(handle).not.toContain(user.email);
    expect(res.body.pubKeyCredParams.map((p: any) => p.alg)).toContain(-7);
  });

  it('excludes the passkeys the user has, and keeps one user handle for all of them', async () => {
    const { client, passkey } = await passkeyUser(t);
    const res = await client.post(OPTIONS);
    const stored = await db().selectFrom('passkeys').select(['credential_id', 'user_handle']).where('id', '=', passkey.id).executeTakeFirstOrThrow();
    expect(res.body.excludeCredentials).toEqual([{ id: stored.credential_id, type: 'public-key', transports: ['internal'] }]);
    expect(res.body.user.id).toBe(stored.user_handle);
    expect(passkey.userHandle).toBe(stored.user_handle);
  });

  it('is sensitive: after the re-authentication window 403 reauthentication_required; the password in the body opens it', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(WINDOW + 1_000);
    expectProblem(await client.post(OPTIONS), 403, 'reauthentication_required');
    expectProblem(await client.post(OPTIONS, { password: 'not the password' }), 403, 'invalid_password');
    expect((await client.post(OPTIONS, { password: user.password })).status).toBe(200);
  });

  it('refuses API tokens (403 interactive_session_required) and anonymous callers (401)', async () => {
    const { user } = await t.signedInUser();
    const bearer = tokenClient(t, await issueToken(t, user.id, 'readwrite'));
    expectProblem(await bearer.post(OPTIONS), 403, 'interactive_session_required');
    expectProblem(await bearer.get(LIST), 403, 'interactive_session_required');
    expectProblem(await t.anonymous().post(OPTIONS), 401, 'unauthenticated');
  });
});

describe('POST /api/v1/profile/passkeys/registration', () => {
  it('stores the passkey: 201 with the provider from the AAGUID as its default name, synced flags, transports', async () => {
    const { client } = await t.signedInUser();
    const device = authenticator({ aaguid: GOOGLE_PASSWORD_MANAGER, backupEligible: true, backedUp: true, transports: ['internal', 'hybrid'] });
    const passkey = await addPasskey(client, device);
    expect(passkey).toEqual({
      id: expect.any(String),
      name: 'Google Password Manager',
      provider: 'Google Password Manager',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastUsedAt: null,
      backedUp: true,
      deviceType: 'multiDevice',
      transports: ['internal', 'hybrid'],
      userHandle: expect.any(String),
    });
    expect((await client.get(LIST)).body.items).toEqual([passkey]);
    expect((await client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: false, passkeys: 1, recoveryCodesLeft: 0 });
    const event = (await client.get('/api/v1/profile/events')).body.items[0];
    expect(event).toMatchObject({ type: 'passkey_added', details: { passkeyId: passkey.id, name: 'Google Password Manager' } });
  });

  it('names an unknown provider "Passkey", a device-bound one singleDevice, and takes the name the user gives', async () => {
    const { client } = await t.signedInUser();
    const plain = await addPasskey(client, authenticator());
    expect(plain).toMatchObject({ name: 'Passkey', provider: null, backedUp: false, deviceType: 'singleDevice' });
    const named = await addPasskey(client, authenticator(), '  Work laptop  ');
    expect(named.name).toBe('Work laptop');
  });

  it('refuses a second passkey on the same authenticator: the browser by excludeCredentials, the server with 409', async () => {
    const { client, device } = await passkeyUser(t);
    const options = (await client.post(OPTIONS)).body;
    expect(() => device.register(options)).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    // an authenticator that ignores excludeCredentials still gets no second row
    const [existing] = device.credentialIds();
    const other = authenticator();
    const res = await client.post(REGISTER, { response: other.register(options, { credentialId: existing }) });
    expectProblem(res, 409, 'passkey_already_registered');
    expect((await client.get(LIST)).body.items).toHaveLength(1);
  });

  it('a challenge is single-use, expires after 5 minutes, and belongs to the session that asked for it', async () => {
    const { user, client } = await t.signedInUser();
    const second = await t.login(user);
    const options = (await client.post(OPTIONS)).body;
    const device = authenticator();
    const response = device.register(options);
    expect((await client.post(REGISTER, { response })).status).toBe(201);
    expectProblem(await client.post(REGISTER, { response }), 400, 'passkey_challenge_expired');

    const lateRes = await client.post(OPTIONS, { password: user.password });
    expect(lateRes.status, JSON.stringify(lateRes.body)).toBe(200);
    const late = lateRes.body;
    t.clock.advance(5 * 60_000 + 1_000);
    expectProblem(await client.post(REGISTER, { response: authenticator().register(late) }), 400, 'passkey_challenge_expired');

    const foreign = (await second.post(OPTIONS, { password: user.password })).body;
    expectProblem(await client.post(REGISTER, { response: authenticator().register(foreign) }), 400, 'passkey_challenge_expired');
    expect((await client.get(LIST)).body.items).toHaveLength(1);
  });

  it('refuses a wrong origin, a wrong RP ID and a challenge it never gave, changing nothing', async () => {
    const { client } = await t.signedInUser();
    const wrongOrigin = await client.post(REGISTER, { response: authenticator().register((await client.post(OPTIONS)).body, { origin: 'https://evil.example' }) });
    expectProblem(wrongOrigin, 422, 'passkey_rejected');
    const wrongRp = await client.post(REGISTER, { response: authenticator().register((await client.post(OPTIONS)).body, { rpId: 'evil.example' }) });
    expectProblem(wrongRp, 422, 'passkey_rejected');
    await client.post(OPTIONS);
    const made = await client.post(REGISTER, { response: authenticator().register((await client.post(OPTIONS)).body, { challenge: 'bm90LWdpdmVu' }) });
    expectProblem(made, 400, 'passkey_challenge_expired');
    expect((await client.get(LIST)).body.items).toEqual([]);
  });

  it('refuses bodies of the wrong shape with 400 and names of control characters with 400 invalid_passkey_name', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post(REGISTER, {}), 400, 'invalid_request');
    expectProblem(await client.post(REGISTER, { response: 'nope' }), 400, 'invalid_request');
    const huge = { id: 'a'.repeat(5000), rawId: 'a', type: 'public-key', response: { clientDataJSON: 'a', attestationObject: 'a' }, clientExtensionResults: {} };
    expectProblem(await client.post(REGISTER, { response: huge }), 400, 'invalid_request');
    const response = authenticator().register((await client.post(OPTIONS)).body);
    expectProblem(await client.post(REGISTER, { response, name: 'evil\u202Ename' }), 400, 'invalid_passkey_name');
    expectProblem(await client.post(REGISTER, { response, name: '\u200B\u200B' }), 400, 'invalid_passkey_name');
    expect((await client.get(LIST)).body.items).toEqual([]);
  });

  it('stops at 20 passkeys with 422 passkey_limit_reached, also when registrations race', async () => {
    const { client } = await t.signedInUser();
    for (let i = 0; i < 18; i += 1) await addPasskey(client, authenticator());
    const options = await Promise.all([1, 2, 3, 4].map(() => client.post(OPTIONS)));
    const answers = await Promise.all(options.map((o) => client.post(REGISTER, { response: authenticator().register(o.body) })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 422, 422]);
    expect((await client.get(LIST)).body.items).toHaveLength(20);
    expectProblem(await client.post(OPTIONS), 422, 'passkey_limit_reached');
  });
});

describe('PATCH and DELETE /api/v1/profile/passkeys/{id}', () => {
  it('renames a passkey (recorded), refuses a bad name, and 404s for another user’s', async () => {
    const { client, passkey } = await passkeyUser(t);
    const res = await client.patch(`${LIST}/${passkey.id}`, { name: 'Phone' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: passkey.id, name: 'Phone' });
    expectProblem(await client.patch(`${LIST}/${passkey.id}`, { name: ' ' }), 400, 'invalid_passkey_name');
    expectProblem(await client.patch(`${LIST}/${passkey.id}`, { name: 'x'.repeat(65) }), 400, 'invalid_passkey_name');
    const other = await t.signedInUser();
    expectProblem(await other.client.patch(`${LIST}/${passkey.id}`, { name: 'Mine' }), 404, 'passkey_not_found');
    expectProblem(await other.client.delete(`${LIST}/${passkey.id}`), 404, 'passkey_not_found');
    expect((await client.get(LIST)).body.items[0].name).toBe('Phone');
    const events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events[0]).toMatchObject({ type: 'passkey_renamed', details: { passkeyId: passkey.id, name: 'Phone' } });
  });

  it('deletes a passkey: the other sessions signed in with it end, the current one and password sessions stay; recorded', async () => {
    const { user, client } = await t.signedInUser();
    const viaPassword = await t.login(user);
    const device = authenticator();
    const passkey = await addPasskey(client, device);
    const viaPasskey = await passkeySignIn(t, device);
    expect(viaPasskey.res.status, JSON.stringify(viaPasskey.res.body)).toBe(200);
    expect((await client.delete(`${LIST}/${passkey.id}`)).status).toBe(204);
    expectProblem(await viaPasskey.client.get('/api/v1/profile'), 401, 'unauthenticated');
    expect((await viaPassword.get('/api/v1/profile')).status).toBe(200);
    expect((await client.get('/api/v1/profile')).body.twoFactor.passkeys).toBe(0);
    const ended = await db().selectFrom('sessions').select(['end_reason']).where('user_id', '=', user.id).where('ended_at', 'is not', null).execute();
    expect(ended).toEqual([{ end_reason: 'passkey_deleted' }]);
    const event = (await client.get('/api/v1/profile/events')).body.items[0];
    expect(event).toMatchObject({ type: 'passkey_deleted', details: { passkeyId: passkey.id, sessionsEnded: 1 } });
    expectProblem(await client.delete(`${LIST}/${passkey.id}`), 404, 'passkey_not_found');
  });

  it('deleting is sensitive: 403 reauthentication_required after the window, nothing deleted', async () => {
    const { client, passkey } = await passkeyUser(t);
    t.clock.advance(WINDOW + 1_000);
    expectProblem(await client.delete(`${LIST}/${passkey.id}`), 403, 'reauthentication_required');
    expect((await client.get(LIST)).body.items).toHaveLength(1);
  });
});
