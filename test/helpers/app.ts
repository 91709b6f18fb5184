import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { type BuildOptions, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Role } from '../../src/db/schema.js';
import { TestClient } from './client.js';
import { TestClock } from './clock.js';
import { createTestDatabase } from './database.js';

export const TEST_ORIGIN = 'http://userhub.test';

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  clock: TestClock;
  dataDir: string;
  /** a client with no credentials */
  anonymous(): TestClient;
  /** creates a user through the service layer (not the API) */
  createUser(options?: { username?: string; email?: string; password?: string; role?: Role; displayName?: string }): Promise<TestUser>;
  /** signs in through the API and returns the client holding the session cookie */
  login(user: { username: string; password: string }): Promise<TestClient>;
  /** createUser + login */
  signedInUser(options?: Parameters<TestApp['createUser']>[0]): Promise<{ user: TestUser; client: TestClient }>;
  close(): Promise<void>;
}

let counter = 0;
export const uniqueName = (prefix = 'user') => `${prefix}${++counter}${randomBytes(3).toString('hex')}`;
export const STRONG_PASSWORD = 'correct horse battery staple 42';

/**
 * One isolated Userhub: its own temp data dir and database (SQLite, or a fresh PostgreSQL
 * database when USERHUB_TEST_DATABASE_URL is set), a movable clock, and helpers to make users.
 */
export async function setupApp(env: Record<string, string> = {}, build: Pick<BuildOptions, 'onQuery'> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-test-'));
  const database = await createTestDatabase(dataDir);
  const config = loadConfig({
    USERHUB_DATA_DIR: dataDir,
    USERHUB_DATABASE_URL: database.url,
    USERHUB_ORIGIN: TEST_ORIGIN,
    USERHUB_LOG_LEVEL: 'silent',
    ...env,
  });
  const clock = new TestClock();
  const app = await buildApp(config, { clock, logger: false, statusWalk: true, ...build });

  const testApp: TestApp = {
    app,
    config,
    clock,
    dataDir,
    anonymous: () => new TestClient(app, config.origin),
    async createUser(options = {}) {
      const username = options.username ?? uniqueName();
      const email = options.email ?? `${username}@example.com`;
      const password = options.password ?? STRONG_PASSWORD;
      const { user } = await app.userhub.services.users.create({
        username,
        email,
        password,
        role: options.role,
        displayName: options.displayName,
      });
      return { id: user.id, username: user.username, email: user.email, password };
    },
    async login(user) {
      const client = new TestClient(app, config.origin);
      const res = await client.post('/api/v1/auth/login', { username: user.username, password: user.password });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return client;
    },
    async signedInUser(options) {
      const user = await testApp.createUser(options);
      return { user, client: await testApp.login(user) };
    },
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return testApp;
}

/** Asserts an RFC 9457 problem with the given status and code. */
export function expectProblem(res: { status: number; headers: Record<string, unknown>; body: any }, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}
