import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp, TestUser } from './app.js';
import type { TestClient } from './client.js';

export const STEP_MS = 30_000;

/**
 * RFC 6238 (HMAC-SHA1, 6 digits, 30 s steps) on node:crypto: what an authenticator app shows for
 * `secret` (base32) at `atMs`. Written here, apart from the server's implementation (the otpauth
 * package), so that the server is checked against an independent one without a Debian binary;
 * test/twofactor/*.system.test.ts also check it against Debian's oathtool (helpers/oathtool.ts).
 */
export function totpAt(secret: string, atMs: number, offsetSteps = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / STEP_MS) + offsetSteps));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The code for `secret` on the app's clock, `offsetSteps` 30 s steps away. */
export function totpCode(t: TestApp, secret: string, offsetSteps = 0): string {
  return totpAt(secret, t.clock.nowMs(), offsetSteps);
}

/**
 * Moves the clock to one second into the next 30 s step: a fresh code is not a replay of the
 * last one, and the test has ~29 s of real time before the step changes under its feet (codes
 * made for "one step ago" must not drift to two steps ago on a slow machine).
 */
export function nextStep(t: TestApp): void {
  const now = t.clock.now().getTime();
  t.clock.advance(STEP_MS - (now % STEP_MS) + 1_000);
}

export interface TwoFactorUser {
  user: TestUser;
  client: TestClient;
  secret: string;
  recoveryCodes: string[];
}

/**
 * The one way a test gives a user 2FA: TOTP setup + enable through the API, as the dashboard
 * does, on a client signed in as that user (`t.login`, `t.signedInUser` or `sessionFor`). The
 * clock then moves to the next step, so the next code is not a replay of the enabling one.
 */
export async function enableTotp(t: TestApp, client: TestClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  nextStep(t);
  const setup = await client.post('/api/v1/profile/twofactor/totp/setup');
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  const enable = await client.post('/api/v1/profile/twofactor/totp/enable', { code: totpCode(t, setup.body.secret) });
  expect(enable.status, JSON.stringify(enable.body)).toBe(200);
  nextStep(t);
  return { secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes };
}

/** Takes 2FA away again, as the user does in the dashboard (the password is always asked). */
export async function disableTotp(client: TestClient, password: string): Promise<void> {
  const res = await client.post('/api/v1/profile/twofactor/totp/disable', { password });
  expect(res.status, JSON.stringify(res.body)).toBe(204);
}

/** A signed-in user with TOTP on. */
export async function twoFactorUser(t: TestApp, options?: Parameters<TestApp['createUser']>[0]): Promise<TwoFactorUser> {
  const { user, client } = await t.signedInUser(options);
  return { user, client, ...(await enableTotp(t, client)) };
}

/** First step of a sign-in for a user with 2FA: returns the ticket and the (cookie-less) client. */
export async function startLogin(t: TestApp, user: { username: string; password: string }): Promise<{ ticket: string; client: TestClient }> {
  const client = t.anonymous();
  const res = await client.post('/api/v1/auth/login', { username: user.username, password: user.password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe('second_factor_required');
  return { ticket: res.body.ticket, client };
}
