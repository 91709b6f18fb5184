import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { ENGINE } from '../helpers/database.js';

/**
 * Addresses cannot be probed at speed: every check of a new primary address against the other
 * accounts counts, 10 per user and 30 per IP address and hour, whatever its answer; then 429 for
 * taken and free addresses alike.
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());
// each test starts with fresh windows (the IP budget is shared by every test here)
beforeEach(() => t.clock.advance(3_600_000 + 1_000));

const patchFrom = (cookie: string | null, ip: string, body: object) =>
  t.app
    .inject({
      method: 'PATCH',
      url: '/api/v1/profile',
      remoteAddress: ip,
      headers: { origin: 'http://userhub.test', cookie: `userhub_session=${cookie}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    })
    .then((res) => ({ status: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.json() }));

describe(`email_taken answers are rate limited (${ENGINE})`, () => {
  it('after 10 checks an hour, one user gets 429 for taken and free addresses alike; an hour later, answers again', async () => {
    const { client } = await t.signedInUser();
    const taken = await Promise.all(Array.from({ length: 11 }, () => t.createUser()));
    for (const other of taken.slice(0, 10)) {
      expectProblem(await client.patch('/api/v1/profile', { email: other.email, password: STRONG_PASSWORD }), 409, 'email_taken');
    }
    const limited = await client.patch('/api/v1/profile', { email: taken[10]!.email, password: STRONG_PASSWORD });
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(await client.patch('/api/v1/profile', { email: 'free-address@example.org', password: STRONG_PASSWORD }), 429, 'rate_limited');
    // other fields still change
    expect((await client.patch('/api/v1/profile', { displayName: 'Still here' })).status).toBe(200);

    t.clock.advance(3_600_000 + 1_000);
    expectProblem(await client.patch('/api/v1/profile', { email: taken[10]!.email, password: STRONG_PASSWORD }), 409, 'email_taken');
  });

  it('a burst of 20 parallel probes from one user: at most 10 answered, the rest 429', async () => {
    const { client } = await t.signedInUser();
    const taken = await Promise.all(Array.from({ length: 20 }, () => t.createUser()));
    const answers = await Promise.all(taken.map((other) => client.patch('/api/v1/profile', { email: other.email })));
    const answered = answers.filter((res) => res.status === 409).length;
    expect(answered).toBeLessThanOrEqual(10);
    expect(answers.filter((res) => res.status !== 409).map((res) => res.status)).toEqual(Array(20 - answered).fill(429));
  });

  it('many accounts from one IP address: 30 checks an hour in all', async () => {
    const ip = '203.0.113.77';
    const victims = await Promise.all(Array.from({ length: 31 }, () => t.createUser()));
    const probers = await Promise.all(Array.from({ length: 4 }, () => t.signedInUser()));
    const statuses: number[] = [];
    for (const [i, victim] of victims.entries()) {
      const prober = probers[i % probers.length]!;
      statuses.push((await patchFrom(prober.client.cookie, ip, { email: victim.email })).status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(409));
    expect(statuses[30]).toBe(429);
    // the same accounts from another address still get answers
    expect((await patchFrom(probers[0]!.client.cookie, '203.0.113.78', { email: victims[30]!.email })).status).toBe(409);
  });
});
