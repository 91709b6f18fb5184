import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test databases. With USERHUB_TEST_DATABASE_URL=postgres://… every test app gets a fresh
 * PostgreSQL database on that server (dropped afterwards); otherwise a SQLite file in its temp dir.
 */
export const TEST_POSTGRES_URL = process.env.USERHUB_TEST_DATABASE_URL ?? null;
export const ENGINE: 'sqlite' | 'postgres' = TEST_POSTGRES_URL ? 'postgres' : 'sqlite';

export async function createTestDatabase(dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_POSTGRES_URL) return { url: `sqlite:${dataDir}/userhub.db`, drop: async () => {} };
  const name = `uh_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      // pg's pool.end() resolves before its sockets are closed; a FORCE drop that kills a closing
      // connection makes pg emit an unhandled 'error'. Wait (briefly) for the app's connections to go.
      for (let i = 0; i < 40; i++) {
        const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
