import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  NoResultError,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db, Executor } from '../../src/db/schema.js';
import * as accounts from '../../src/features/accounts/store.js';
import * as activity from '../../src/features/activity/store.js';
import * as audit from '../../src/features/audit/store.js';
import { USER_SORTS, listUserTable } from '../../src/features/users/admin-list-store.js';
import * as appPasswords from '../../src/features/app-passwords/store.js';
import * as sessions from '../../src/features/sessions/store.js';
import * as tokens from '../../src/features/tokens/store.js';
import { listActiveUsersWithoutSecondFactor } from '../../src/features/twofactor/status.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { ENGINE } from '../helpers/database.js';

/**
 * The queries that must stay indexed with a million sessions, taken from the store functions
 * themselves: each runs against an executor that only records its SQL, and the database
 * explains that SQL. SQLite plans without statistics (Userhub never runs ANALYZE), so its plans
 * here are the plans of a large database. PostgreSQL plans from statistics: it gets a small
 * database of the same shape (per user: 20 sessions, half ended; 20 events), is ANALYZEd,
 * and is asked with sequential scans (and sorts, for lists) made a last resort, since on tables
 * this small it would rightly prefer them.
 */

const HASH = 'a'.repeat(64);
const USER = 'u7';
const NOW = '2026-06-01T00:00:00.000Z';
const IDLE_CUTOFF = '2026-05-25T00:00:00.000Z';
const HISTORY_CUTOFF = '2026-03-03T00:00:00.000Z';
const CURSOR = { createdAt: '2026-05-01T00:00:00.000Z', id: 'cursor-id' };

const USERS = 500;
const PER_USER = 20;
const DAY_MS = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * DAY_MS).toISOString();

function* chunks<T>(rows: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Deterministic, so the plans are: active sessions younger than 30 days and seen within 7, ended ones up to 120 days old. */
async function seed(db: Db): Promise<void> {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `u${i}`,
    username: `u${i}`,
    display_name: `U ${i}`,
    email: `u${i}@example.com`,
    email_lower: `u${i}@example.com`,
    recovery_email: null,
    language: 'en',
    timezone: 'UTC',
    date_format: 'iso',
    newsletter: 0,
    role: 'user' as const,
    source: 'local' as const,
    disabled: i % 100 === 3 ? 1 : 0,
    created_at: daysBefore(365),
    updated_at: daysBefore(365),
    notify_new_sign_in: 1,
    password_reset_required: 0,
    last_sign_in_at: i % 3 === 0 ? null : daysBefore(i % 40),
    notify_token_created: 1,
    notify_app_password_created: 1,
    notify_passkey_added: 1,
  }));
  const perUser = users.flatMap((user, u) => Array.from({ length: PER_USER }, (_, k) => ({ user, n: u * PER_USER + k })));
  const sessionRows = perUser.map(({ user, n }) => {
    const ended = n % 2 === 0 || user.disabled === 1;
    const created = ended ? (n * 7.3) % 120 : (n * 1.7) % 30;
    return {
      id: `s${n}`,
      token_hash: `${n}`.padStart(64, '0'),
      user_id: user.id,
      created_at: daysBefore(created),
      last_seen_at: daysBefore(Math.min(created, (n * 0.37) % 7)),
      expires_at: daysBefore(created - 30),
      ended_at: ended ? daysBefore(created - ((n * 0.13) % 7)) : null,
      end_reason: ended ? 'logout' : null,
      ip: '192.0.2.1',
      user_agent: 'Mozilla/5.0',
      method: 'password',
      reauthenticated_at: daysBefore(created),
    };
  });
  const eventRows = perUser.map(({ user, n }) => ({
    id: `e${n}`,
    user_id: user.id,
    type: 'login',
    created_at: daysBefore((n * 3.1) % 365),
    ip: '192.0.2.1',
    user_agent: 'Mozilla/5.0',
    details: '{}',
  }));
  const tokenRows = users.flatMap((user, u) =>
    [0, 1].map((k) => ({
      id: `t${u}-${k}`,
      user_id: user.id,
      name: `token ${k}`,
      scope: 'readonly' as const,
      token_hash: `${u}-${k}`.padStart(64, '0'),
      prefix: 'uh_abcd',
      created_at: daysBefore(k + 1),
      expires_at: null,
      last_used_at: null,
      last_used_ip: null,
    })),
  );
  const app = { id: 'app-id', name: 'App', url: null, secret_hash: HASH, secret_prefix: 'x', secret_rotated_at: NOW, created_at: NOW, updated_at: NOW };
  const appPasswordRows = users.map((user, u) => ({
    id: `p${u}`,
    user_id: user.id,
    app_id: app.id,
    name: 'mail',
    password_hash: `${u}`.padStart(64, '0'),
    created_at: daysBefore(1),
    last_used_at: null,
    last_used_ip: null,
  }));
  for (const part of chunks(users)) await db.insertInto('users').values(part).execute();
  for (const part of chunks(sessionRows)) await db.insertInto('sessions').values(part).execute();
  for (const part of chunks(eventRows)) await db.insertInto('security_events').values(part).execute();
  for (const part of chunks(tokenRows)) await db.insertInto('api_tokens').values(part).execute();
  await db.insertInto('apps').values(app).execute();
  const auditRows = perUser.map(({ user, n }) => ({
    id: `a${n}`,
    type: n % 3 === 0 ? 'user_updated' : 'member_added',
    actor_id: `u${n % 7}`,
    actor_username: `u${n % 7}`,
    target_kind: 'user',
    target_id: user.id,
    target_label: user.username,
    created_at: daysBefore((n * 1.3) % 365),
    ip: '192.0.2.1',
    user_agent: null,
    changes: '{}',
  }));
  for (const part of chunks(auditRows)) await db.insertInto('admin_audit').values(part).execute();
  for (const part of chunks(appPasswordRows)) await db.insertInto('app_passwords').values(part).execute();
  // one big account with every user in it, and a few small ones
  await db.insertInto('accounts').values(['big', 'small1', 'small2'].map((id) => ({ id, name: id, name_lower: id, type: 'vendor', requires_mfa: 1, created_at: NOW, updated_at: NOW }))).execute();
  await db.insertInto('account_groups').values(['big', 'small1', 'small2'].map((id) => ({ id: `g-${id}`, account_id: id, name: 'All', name_lower: 'all', created_at: NOW }))).execute();
  const memberRows = users.flatMap((user, u) => [
    { account_id: 'big', user_id: user.id, group_id: 'g-big', created_at: daysBefore(u % 300) },
    ...(u % 50 === 0 ? [{ account_id: `small${1 + (u % 2)}`, user_id: user.id, group_id: `g-small${1 + (u % 2)}`, created_at: daysBefore(u % 30) }] : []),
  ]);
  for (const part of chunks(memberRows)) await db.insertInto('account_members').values(part).execute();
  if (ENGINE === 'postgres') await sql`ANALYZE`.execute(db);
}

/** The tables that grow with the users; `apps` holds the few apps an admin registered, a scan of it is fine. */
const GROWING = ['users', 'sessions', 'security_events', 'api_tokens', 'app_passwords', 'admin_audit', 'account_members'];

interface Case {
  name: string;
  /** the table that must be reached through an index condition */
  table: string;
  /** a list: its order must come from the index, not from a sort of every matching row */
  ordered?: boolean;
  run: (ex: Executor) => Promise<unknown>;
}

const CASES: Case[] = [
  { name: 'session by cookie (every request)', table: 'sessions', run: (ex) => sessions.findSessionWithUserByTokenHash(ex, HASH) },
  { name: 'session touch', table: 'sessions', run: (ex) => sessions.touchSession(ex, 'id', NOW) },
  { name: 'API token by hash (every request)', table: 'api_tokens', run: (ex) => tokens.findTokenWithUserByHash(ex, HASH) },
  { name: 'API token touch', table: 'api_tokens', run: (ex) => tokens.touchTokenIfStale(ex, 'id', NOW, '::1', IDLE_CUTOFF) },
  ...(['active', 'ended', 'all'] as const).flatMap((state): Case[] => [
    {
      name: `session list, ${state}, first page`,
      table: 'sessions',
      ordered: true,
      run: (ex) => sessions.listSessionsByUserId(ex, USER, state, 20, null, HISTORY_CUTOFF),
    },
    {
      name: `session list, ${state}, next page`,
      table: 'sessions',
      ordered: true,
      run: (ex) => sessions.listSessionsByUserId(ex, USER, state, 20, CURSOR, HISTORY_CUTOFF),
    },
  ]),
  { name: 'sign-in origins (new-sign-in notice)', table: 'sessions', ordered: true, run: (ex) => sessions.listSignInOriginsByUserId(ex, USER, 500) },
  { name: "ending a user's sessions", table: 'sessions', run: (ex) => sessions.endActiveByUserId(ex, USER, 'revoked', NOW, 'id') },
  { name: "expiring one user's stale sessions (before listing)", table: 'sessions', run: (ex) => sessions.expireStale(ex, NOW, IDLE_CUTOFF, USER) },
  { name: 'housekeeping: expiring stale sessions', table: 'sessions', run: (ex) => sessions.expireStale(ex, NOW, IDLE_CUTOFF, null) },
  { name: 'housekeeping: ending sessions of disabled users', table: 'sessions', run: (ex) => sessions.endActiveOfDisabledUsers(ex, NOW) },
  { name: 'housekeeping: deleting old ended sessions', table: 'sessions', run: (ex) => sessions.deleteEndedBefore(ex, HISTORY_CUTOFF) },
  // the admin users table: a next page of every sort starts at the cursor in that sort's index
  ...USER_SORTS.flatMap((sort) =>
    (['asc', 'desc'] as const).map(
      (order): Case => ({
        name: `users table by ${sort} ${order}, next page`,
        table: 'users',
        ordered: true,
        run: (ex) =>
          listUserTable(ex, {
            roles: ['user', 'usermanager', 'admin'], search: null, twoFactor: null, disabled: null, source: null, sort, order, limit: 20,
            after: { value: sort === 'lastSignIn' ? daysBefore(10) : 'u3', id: 'u3' },
          }),
      }),
    ),
  ),
  // the "add member" search: the table's next page, members of the account left out by its primary key
  {
    name: 'users table without the members of an account, next page',
    table: 'users',
    ordered: true,
    run: (ex) =>
      listUserTable(ex, {
        roles: ['user', 'usermanager', 'admin'], search: null, twoFactor: null, disabled: null, source: null, notInAccount: 'a1', sort: 'created', order: 'asc', limit: 20,
        after: { value: daysBefore(10), id: 'u3' },
      }),
  },
  { name: 'admin audit, next page', table: 'admin_audit', ordered: true, run: (ex) => audit.listAuditEntries(ex, { actorId: null, targetId: null, type: null }, 20, CURSOR) },
  { name: 'admin audit by actor', table: 'admin_audit', ordered: true, run: (ex) => audit.listAuditEntries(ex, { actorId: 'u3', targetId: null, type: null }, 20, null) },
  { name: 'admin audit by target, next page', table: 'admin_audit', ordered: true, run: (ex) => audit.listAuditEntries(ex, { actorId: null, targetId: USER, type: null }, 20, CURSOR) },
  { name: 'admin audit by type', table: 'admin_audit', ordered: true, run: (ex) => audit.listAuditEntries(ex, { actorId: null, targetId: null, type: 'user_updated' }, 20, null) },
  { name: 'activity, first page', table: 'security_events', ordered: true, run: (ex) => activity.listEventsByUserId(ex, USER, 20, null) },
  { name: 'activity, next page', table: 'security_events', ordered: true, run: (ex) => activity.listEventsByUserId(ex, USER, 20, CURSOR) },
  { name: 'token list, first page', table: 'api_tokens', ordered: true, run: (ex) => tokens.listTokensByUserId(ex, USER, 20, null) },
  { name: 'token list, next page', table: 'api_tokens', ordered: true, run: (ex) => tokens.listTokensByUserId(ex, USER, 20, CURSOR) },
  { name: 'token count', table: 'api_tokens', run: (ex) => tokens.countTokensByUserId(ex, USER) },
  // who the 2FA rules stop (issue 18.4): the instance's list, an account's members and its count.
  // The instance's first page on PostgreSQL walks users_created_id in order and stops at the
  // limit (Limit over anti-joins): an index scan without a condition, which these checks cannot
  // tell from reading the whole index, as for the users table's first pages (not listed above).
  ...(ENGINE === 'sqlite' ? [null, CURSOR] : [CURSOR]).map(
    (after): Case => ({
      name: `active users without a second factor, ${after ? 'next' : 'first'} page`,
      table: 'users',
      ordered: true,
      run: (ex) => listActiveUsersWithoutSecondFactor(ex, ['local', 'ldap'], 20, after),
    }),
  ),
  ...[false, true].flatMap((withoutTwoFactor) =>
    [null, CURSOR].map(
      (after): Case => ({
        name: `account members${withoutTwoFactor ? ' without a second factor' : ''}, ${after ? 'next' : 'first'} page`,
        table: 'account_members',
        ordered: true,
        run: (ex) => accounts.listMembersByAccountId(ex, 'big', 20, after, { withoutTwoFactor }),
      }),
    ),
  ),
  ...['big', 'small1'].map(
    (id): Case => ({
      name: `account members without a second factor, count (${id} account)`,
      table: 'account_members',
      run: (ex) => accounts.countActiveMembersWithoutSecondFactor(ex, id),
    }),
  ),
  { name: 'app password list', table: 'app_passwords', ordered: true, run: (ex) => appPasswords.listAppPasswordsByUserId(ex, USER, 20, CURSOR) },
  {
    name: 'app passwords of a user for one app (every app sign-in)',
    table: 'app_passwords',
    run: (ex) => appPasswords.listAppPasswordsByUserIdAndAppId(ex, USER, 'app-id'),
  },
];

/** The SQL `run` sends, without running it: the executor answers every query with no rows. */
async function queriesOf(run: Case['run']): Promise<CompiledQuery[]> {
  const queries: CompiledQuery[] = [];
  const sqlite = ENGINE === 'sqlite';
  const recorder = new Kysely<Database>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  await run(recorder).catch((err: unknown) => {
    if (!(err instanceof NoResultError)) throw err; // a count with no row
  });
  return queries;
}

/** What is wrong with the SQLite plan: full scans, no index search on the table, sorts. */
async function sqliteProblems(db: Db, query: CompiledQuery, c: Case): Promise<{ plan: string; problems: string[] }> {
  const { rows } = await db.executeQuery<{ detail: string }>({ ...query, sql: `EXPLAIN QUERY PLAN ${query.sql}` });
  const steps = rows.map((row) => row.detail);
  // `SCAN t` and `SCAN t USING INDEX i` both read the whole table or index
  const problems = steps.filter((step) => step.startsWith('SCAN ') && GROWING.includes(step.split(' ')[1]!));
  if (!steps.some((step) => new RegExp(`^SEARCH ${c.table} USING (COVERING )?INDEX `).test(step))) problems.push(`no index search on ${c.table}`);
  if (c.ordered) problems.push(...steps.filter((step) => step.includes('TEMP B-TREE')));
  return { plan: steps.join('\n'), problems };
}

interface PgNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PgNode[];
}

const nodesOf = (node: PgNode): PgNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** The same for PostgreSQL: seq scans, index scans without a condition (whole index), sorts. */
async function postgresProblems(db: Db, query: CompiledQuery, c: Case): Promise<{ plan: string; problems: string[] }> {
  const explained = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    if (c.ordered) {
      await sql`SET LOCAL enable_sort = off`.execute(trx);
      await sql`SET LOCAL enable_incremental_sort = off`.execute(trx);
    }
    return trx.executeQuery<{ 'QUERY PLAN': [{ Plan: PgNode }] }>({ ...query, sql: `EXPLAIN (FORMAT JSON) ${query.sql}` });
  });
  const root = explained.rows[0]!['QUERY PLAN'][0].Plan;
  const nodes = nodesOf(root);
  const problems: string[] = [];
  for (const node of nodes) {
    const type = node['Node Type'];
    if (c.ordered && /Sort/.test(type)) problems.push(type);
    // a bitmap index scan names no table; without a condition it reads a whole (partial) index
    const growing = GROWING.includes(node['Relation Name'] ?? '') || type === 'Bitmap Index Scan';
    if (growing && type === 'Seq Scan') problems.push(`Seq Scan on ${node['Relation Name']}`);
    if (growing && /Index/.test(type) && !node['Index Cond']) problems.push(`${type} of all of ${node['Index Name']}`);
  }
  const indexScans = ['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'];
  if (!nodes.some((node) => node['Relation Name'] === c.table && indexScans.includes(node['Node Type']))) {
    problems.push(`no index scan on ${c.table}`);
  }
  return { plan: JSON.stringify(root, null, 1), problems };
}

describe(`query plans (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupApp();
    await seed(t.app.userhub.database.db);
  });
  afterAll(async () => t.close());

  it.each(CASES)('$name: through an index', async (c) => {
    const queries = await queriesOf(c.run);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const explain = ENGINE === 'sqlite' ? sqliteProblems : postgresProblems;
      const { plan, problems } = await explain(t.app.userhub.database.db, query, c);
      expect(problems, `${query.sql}\n${plan}`).toEqual([]);
    }
  });
});
