import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_APP_PASSWORDS_PER_USER } from '../../src/features/app-passwords/service.js';
import { MAX_TOKENS_PER_USER } from '../../src/features/tokens/service.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';
import { registerApp } from '../helpers/app-passwords.js';

/** The 100-per-user caps under bursts of concurrent creations, 25 times each. */
const BURST = 10;
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

describe('per-user caps, raced', () => {
  it(`given ${MAX_TOKENS_PER_USER - 5} tokens and ${BURST} concurrent creations, then exactly ${MAX_TOKENS_PER_USER} exist (${RACE_TRIES} tries)`, async () => {
    const { user, client } = await t.signedInUser();
    for (let i = 0; i < MAX_TOKENS_PER_USER - 5; i++) expect((await client.post('/api/v1/tokens', { name: `t${i}`, scope: 'readonly' })).status).toBe(201);
    for (let i = 0; i < RACE_TRIES; i++) {
      const results = await Promise.all(Array.from({ length: BURST }, (_, k) => client.post('/api/v1/tokens', { name: `burst ${i}-${k}`, scope: 'readonly' })));
      expect(results.filter((r) => r.status === 201).length, `try ${i}`).toBe(5);
      expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'too_many_tokens')).toBe(true);
      const rows = await db().selectFrom('api_tokens').select('id').where('user_id', '=', user.id).orderBy('created_at', 'desc').execute();
      expect(rows.length, `try ${i}`).toBe(MAX_TOKENS_PER_USER);
      await db().deleteFrom('api_tokens').where('id', 'in', rows.slice(0, 5).map((r) => r.id)).execute();
    }
  }, RACE_TIMEOUT_MS);

  it(`given ${MAX_APP_PASSWORDS_PER_USER - 5} app passwords and ${BURST} concurrent creations, then exactly ${MAX_APP_PASSWORDS_PER_USER} exist (${RACE_TRIES} tries)`, async () => {
    const mail = await registerApp(t, 'Mail');
    const { user, client } = await t.signedInUser();
    for (let i = 0; i < MAX_APP_PASSWORDS_PER_USER - 5; i++) {
      expect((await client.post('/api/v1/app-passwords', { name: `p${i}`, appId: mail.id })).status).toBe(201);
    }
    for (let i = 0; i < RACE_TRIES; i++) {
      const results = await Promise.all(Array.from({ length: BURST }, (_, k) => client.post('/api/v1/app-passwords', { name: `burst ${i}-${k}`, appId: mail.id })));
      expect(results.filter((r) => r.status === 201).length, `try ${i}`).toBe(5);
      const rows = await db().selectFrom('app_passwords').select('id').where('user_id', '=', user.id).orderBy('created_at', 'desc').execute();
      expect(rows.length, `try ${i}`).toBe(MAX_APP_PASSWORDS_PER_USER);
      await db().deleteFrom('app_passwords').where('id', 'in', rows.slice(0, 5).map((r) => r.id)).execute();
    }
  }, RACE_TIMEOUT_MS);
});
