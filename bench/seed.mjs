// Seeding a migrated Userhub database by SQL (the `million` scenario): `users` users and
// `sessions` sessions, `sessions / users` per user, every other one ended (half). Session i's
// cookie token is `bench-seed-` and i in 7 digits; its token_hash is the SHA-256 (hex) of that, as
// the server stores it, so every active seeded session signs its user in. Rows are generated in
// SQL (a recursive CTE on SQLite, generate_series on PostgreSQL), not inserted one by one.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { SESSION_COOKIE } from './userhub.mjs';

const DAY = 86_400_000;

function times() {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  return { created: iso(now - 2 * DAY), lastSeen: iso(now), expires: iso(now + 28 * DAY), ended: iso(now - DAY) };
}

function check({ users, sessions }) {
  if (!Number.isInteger(users) || !Number.isInteger(sessions) || sessions % users !== 0 || sessions / users < 2 || sessions % 2 !== 0) {
    throw new Error(`seed: ${sessions} sessions must be an even whole multiple (≥ 2) of ${users} users`);
  }
  return sessions / users;
}

const token = (i) => `bench-seed-${String(i).padStart(7, '0')}`;

/** Cookie headers of `count` active seeded sessions, each of another user, spread over all users. */
export function seededRotation(size, count) {
  const per = check(size);
  if (count > size.users) throw new Error(`seed: ${count} distinct users wanted, ${size.users} seeded`);
  return Array.from({ length: count }, (_, k) => {
    const first = Math.floor((k * size.users) / count) * per;
    return { cookie: `${SESSION_COOKIE}=${token(first + (first % 2))}` };
  });
}

export function seedSqlite(file, size) {
  const per = check(size);
  const t = times();
  const started = performance.now();
  const db = new Database(file);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.function('sha256_hex', { deterministic: true }, (value) => createHash('sha256').update(value).digest('hex'));
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${size.users})
         INSERT INTO users (id, username, display_name, email, email_lower, recovery_email, language, timezone, date_format,
                            newsletter, role, source, disabled, created_at, updated_at, notify_new_sign_in)
         SELECT 'seed-user-' || i, 'seed' || i, 'Seed User ' || i, 'seed' || i || '@example.com', 'seed' || i || '@example.com', NULL,
                'en', 'UTC', 'YYYY-MM-DD', 0, 'user', 'local', 0, @created, @created, 1
         FROM n`,
      ).run({ created: t.created });
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${size.sessions})
         INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, ended_at, end_reason, ip, user_agent,
                               method, reauthenticated_at)
         SELECT 'seed-session-' || i, sha256_hex('bench-seed-' || printf('%07d', i)), 'seed-user-' || (i / ${per}), @created,
                CASE WHEN i % 2 = 1 THEN @ended ELSE @lastSeen END, @expires,
                CASE WHEN i % 2 = 1 THEN @ended END, CASE WHEN i % 2 = 1 THEN 'logout' END,
                '127.0.0.1', 'userhub-bench', 'password', @created
         FROM n`,
      ).run(t);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

export async function seedPostgres(url, size) {
  const per = check(size);
  const t = times();
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO users (id, username, display_name, email, email_lower, recovery_email, language, timezone, date_format,
                          newsletter, role, source, disabled, created_at, updated_at, notify_new_sign_in)
       SELECT 'seed-user-' || i, 'seed' || i, 'Seed User ' || i, 'seed' || i || '@example.com', 'seed' || i || '@example.com', NULL,
              'en', 'UTC', 'YYYY-MM-DD', 0, 'user', 'local', 0, $1, $1, 1
       FROM generate_series(0, $2::int - 1) AS i`,
      [t.created, size.users],
    );
    await client.query(
      `INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, ended_at, end_reason, ip, user_agent,
                             method, reauthenticated_at)
       SELECT 'seed-session-' || i, encode(sha256(convert_to('bench-seed-' || lpad(i::text, 7, '0'), 'UTF8')), 'hex'),
              'seed-user-' || (i / $6::int), $1,
              CASE WHEN i % 2 = 1 THEN $4 ELSE $2 END, $3,
              CASE WHEN i % 2 = 1 THEN $4 END, CASE WHEN i % 2 = 1 THEN 'logout' END,
              '127.0.0.1', 'userhub-bench', 'password', $1
       FROM generate_series(0, $5::int - 1) AS i`,
      [t.created, t.lastSeen, t.expires, t.ended, size.sessions, per],
    );
    await client.query('COMMIT');
    // what autovacuum would do soon after such a load
    await client.query('ANALYZE users');
    await client.query('ANALYZE sessions');
  } finally {
    await client.end();
  }
  return { seconds: (performance.now() - started) / 1000 };
}
