import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const attempt = (username: string, password: string, ip = '203.0.113.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });

describe('login throttling', () => {
  it('after 10 failures in a minute the account answers 429 with Retry-After, even to the right password', async () => {
    const user = await t.createUser();
    for (let i = 0; i < 10; i++) expect((await attempt(user.username, `wrong-${i}`)).statusCode).toBe(401);
    const limited = await attempt(user.username, user.password);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    // another account from the same IP is not affected
    const other = await t.createUser();
    expect((await attempt(other.username, other.password)).statusCode).toBe(200);
    // a minute later the account may try again
    t.clock.advance(61_000);
    expect((await attempt(user.username, user.password)).statusCode).toBe(200);
  });

  it('successful logins are never counted', async () => {
    const user = await t.createUser();
    for (let i = 0; i < 15; i++) expect((await attempt(user.username, user.password, '203.0.113.2')).statusCode).toBe(200);
  });

  it('after 100 failures in an hour the account stays throttled across minutes', async () => {
    const user = await t.createUser();
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 10; i++) await attempt(user.username, 'wrong password', `198.51.100.${round}`);
      t.clock.advance(61_000);
    }
    const res = await attempt(user.username, user.password, '198.51.100.200');
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
    t.clock.advance(3_600_000);
    expect((await attempt(user.username, user.password, '198.51.100.200')).statusCode).toBe(200);
  });

  it('an IP with 100 failures a minute is throttled for every account', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 100; i++) await attempt(`nobody-${i % 20}`, 'wrong password', ip);
    const user = await t.createUser();
    const limited = await attempt(user.username, user.password, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect((await attempt(user.username, user.password, '192.0.2.78')).statusCode).toBe(200);
  });
});
