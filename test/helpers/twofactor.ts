import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import type { TestApp, TestUser } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

export const OATHTOOL = '/usr/bin/oathtool';
export const STEP_MS = 30_000;

/**
 * The code Debian's real `oathtool --totp -b SECRET` prints for the app's clock (plus `offsetSteps`
 * 30 s steps), so the server is checked against an independent RFC 6238 implementation.
 */
export function oathtool(t: TestApp, secret: string, offsetSteps = 0): string {
  const seconds = Math.floor(t.clock.now().getTime() / 1000) + offsetSteps * 30;
  return execFileSync(OATHTOOL, ['--totp', '-b', secret, '--now', `@${seconds}`], { encoding: 'utf8' }).trim();
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

/** setup + enable through the API with an oathtool code; the clock then moves to the next step. */
export async function enableTotp(t: TestApp, client: TestClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  nextStep(t);
  const setup = await client.post('/api/v1/profile/twofactor/totp/setup');
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  const enable = await client.post('/api/v1/profile/twofactor/totp/enable', { code: oathtool(t, setup.body.secret) });
  expect(enable.status, JSON.stringify(enable.body)).toBe(200);
  nextStep(t);
  return { secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes };
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

/** Both steps: returns a client holding the new session. */
export async function loginWithTotp(t: TestApp, account: TwoFactorUser): Promise<TestClient> {
  const { ticket, client } = await startLogin(t, account.user);
  const res = await client.post('/api/v1/auth/login/second-factor', { ticket, code: oathtool(t, account.secret) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  nextStep(t);
  return client;
}

export async function eventTypes(client: TestClient): Promise<string[]> {
  const res = await client.get('/api/v1/profile/events?limit=100');
  expect(res.status).toBe(200);
  return res.body.items.map((e: { type: string }) => e.type);
}
