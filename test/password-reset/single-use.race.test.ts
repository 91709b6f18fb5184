import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueMailLink } from '../../src/mail/links.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';

/** Mailed links work once, also when the same link is opened in several tabs at the same instant. */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

describe('single-use links, raced', () => {
  it(`given one reset link confirmed three times at once, then exactly one sets the password (${RACE_TRIES} tries)`, async () => {
    const user = await t.createUser();
    for (let i = 0; i < RACE_TRIES; i++) {
      const token = await issueMailLink(db(), { userId: user.id, purpose: 'password_reset', email: null, now: t.clock.now(), ttlMs: 30 * 60_000, replace: true });
      const passwords = [0, 1, 2].map((k) => `a brand new passphrase ${i}-${k}`);
      const results = await Promise.all(passwords.map((newPassword) => t.anonymous().post('/api/v1/auth/password-reset/confirm', { token, newPassword })));
      const ok = results.filter((r) => r.status === 204);
      expect(ok.length, `try ${i}: ${JSON.stringify(results.map((r) => r.body))}`).toBe(1);
      expect(results.filter((r) => r.status === 400).every((r) => r.body.code === 'token_invalid')).toBe(true);
      const winner = passwords[results.findIndex((r) => r.status === 204)] as string;
      t.clock.advance(61_000);
      expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: winner })).status, `try ${i}`).toBe(200);
    }
  }, RACE_TIMEOUT_MS);
});
