import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has safe defaults: loopback, 8080, SQLite in ./data, sessions 7 d idle / 30 d absolute', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.origin).toBe('http://127.0.0.1:8080');
    expect(config.database).toEqual({ kind: 'sqlite', file: path.resolve('data/userhub.db') });
    expect(config.issuer).toBe('Userhub');
    expect(config.session.idleTimeoutMs).toBe(7 * 86_400_000);
    expect(config.session.absoluteLifetimeMs).toBe(30 * 86_400_000);
    expect(config.reauthWindowMs).toBe(15 * 60_000);
    expect(config.bootstrapAdmin).toEqual({ password: null, email: 'admin@localhost' });
    expect(config.logLevel).toBe('info');
    expect(config.accessLog).toBe(false);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      USERHUB_HOST: '0.0.0.0',
      USERHUB_PORT: '9000',
      USERHUB_ORIGIN: 'https://id.example.com/',
      USERHUB_DATA_DIR: '/var/lib/userhub',
      USERHUB_DATABASE_URL: 'postgres://u:p@db:5432/userhub',
      USERHUB_SMTP_URL: 'smtp://user:pass@mail:587',
      USERHUB_ISSUER: 'Example Cloud',
      USERHUB_REDIS_URL: 'redis://cache:6379',
      USERHUB_BOOTSTRAP_ADMIN_PASSWORD: 'first admin password',
      USERHUB_SESSION_IDLE_TIMEOUT: '12h',
      USERHUB_SESSION_LIFETIME: '14d',
      USERHUB_REAUTH_WINDOW: '5m',
      USERHUB_LOG_LEVEL: 'debug',
      USERHUB_ACCESS_LOG: 'on',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      origin: 'https://id.example.com',
      dataDir: '/var/lib/userhub',
      database: { kind: 'postgres', url: 'postgres://u:p@db:5432/userhub' },
      smtpUrl: 'smtp://user:pass@mail:587',
      issuer: 'Example Cloud',
      redisUrl: 'redis://cache:6379',
      bootstrapAdmin: { password: 'first admin password' },
      session: { idleTimeoutMs: 12 * 3_600_000, absoluteLifetimeMs: 14 * 86_400_000 },
      reauthWindowMs: 5 * 60_000,
      logLevel: 'debug',
      accessLog: true,
    });
    expect(loadConfig({ USERHUB_DATA_DIR: '/srv/uh' }).database).toEqual({ kind: 'sqlite', file: '/srv/uh/userhub.db' });
  });

  it.each([
    ['USERHUB_PORT', 'eighty'],
    ['USERHUB_PORT', '70000'],
    ['USERHUB_ORIGIN', 'ftp://x'],
    ['USERHUB_ORIGIN', 'not a url'],
    ['USERHUB_DATABASE_URL', 'mysql://db'],
    ['USERHUB_SMTP_URL', 'http://mail'],
    ['USERHUB_REDIS_URL', 'memcached://x'],
    ['USERHUB_SESSION_IDLE_TIMEOUT', '7 days'],
    ['USERHUB_SESSION_LIFETIME', '0d'],
    ['USERHUB_LOG_LEVEL', 'loud'],
    ['USERHUB_ACCESS_LOG', 'sometimes'],
    ['USERHUB_SECRET_KEY', 'too-short'],
    ['USERHUB_ISSUER', 'a:b'],
    ['USERHUB_BOOTSTRAP_ADMIN_EMAIL', 'nope'],
    ['USERHUB_HASH_THREADS', '0'],
    ['USERHUB_HASH_THREADS', 'two'],
    ['USERHUB_HASH_THREADS', '1023'],
    ['USERHUB_HASH_QUEUE', '-1'],
    ['USERHUB_HASH_QUEUE', '1.5'],
  ])('a bad %s (%s) stops start-up with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(`${name}: `)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });

  it('given no hashing variables, then CPUs − 1 hash threads (at least 1) and 64 waiting per thread', () => {
    const threads = Math.max(1, os.availableParallelism() - 1);
    expect(loadConfig({}).hashing).toEqual({ threads, queue: 64 * threads });
  });

  it('given USERHUB_HASH_THREADS and USERHUB_HASH_QUEUE, then they are taken; the default queue follows the threads; 0 waiting is allowed', () => {
    expect(loadConfig({ USERHUB_HASH_THREADS: '6', USERHUB_HASH_QUEUE: '10' }).hashing).toEqual({ threads: 6, queue: 10 });
    expect(loadConfig({ USERHUB_HASH_THREADS: '3' }).hashing).toEqual({ threads: 3, queue: 192 });
    expect(loadConfig({ USERHUB_HASH_QUEUE: '0' }).hashing.queue).toBe(0);
  });
});
