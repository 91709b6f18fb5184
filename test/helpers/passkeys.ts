import { expect } from 'vitest';
import { TEST_ORIGIN, type TestApp, type TestUser } from './app.js';
import type { TestClient } from './client.js';
import { SoftAuthenticator, type SoftAuthenticatorOptions } from './soft-authenticator.js';

/** AAGUIDs the `aaguids` package names. */
export const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
export const APPLE_PASSWORDS = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';

/** A software authenticator for the test app's origin (`http://userhub.test`, RP ID `userhub.test`). */
export function authenticator(options: Partial<SoftAuthenticatorOptions> = {}): SoftAuthenticator {
  return new SoftAuthenticator({ origin: TEST_ORIGIN, ...options });
}

/** Registers a passkey through the API as the dashboard does; returns the passkey as listed. */
export async function addPasskey(client: TestClient, device: SoftAuthenticator, name?: string): Promise<any> {
  const options = await client.post('/api/v1/profile/passkeys/registration/options');
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const res = await client.post('/api/v1/profile/passkeys/registration', { response: device.register(options.body), ...(name ? { name } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A passwordless sign-in with `device`; returns the raw answer of POST /auth/passkey and the client. */
export async function passkeySignIn(t: TestApp, device: SoftAuthenticator, overrides: Parameters<SoftAuthenticator['authenticate']>[1] = {}) {
  const client = t.anonymous();
  const options = await client.post('/api/v1/auth/passkey/options', {});
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const res = await client.post('/api/v1/auth/passkey', { challengeId: options.body.challengeId, response: device.authenticate(options.body.options, overrides) });
  return { res, client };
}

/** A signed-in user with one passkey on a fresh authenticator. */
export async function passkeyUser(t: TestApp, options: Partial<SoftAuthenticatorOptions> = {}): Promise<{ user: TestUser; client: TestClient; device: SoftAuthenticator; passkey: any }> {
  const { user, client } = await t.signedInUser();
  const device = authenticator(options);
  const passkey = await addPasskey(client, device);
  return { user, client, device, passkey };
}
