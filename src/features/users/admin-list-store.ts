import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor, Role, UserRow } from '../../db/schema.js';
import { type SecondFactorFilter, secondFactorColumnsJoin, secondFactorWhere } from '../twofactor/status.js';

export const USER_SORTS = ['created', 'username', 'name', 'email', 'lastSignIn'] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** Each sort order is an indexed expression ending in `id` (migration 0014): any page is an index range. */
const SORT_EXPRESSION: Record<UserSort, Expression<string>> = {
  created: sql<string>`users.created_at`,
  username: sql<string>`users.username`,
  name: sql<string>`lower(users.display_name)`,
  email: sql<string>`users.email_lower`,
  lastSignIn: sql<string>`coalesce(users.last_sign_in_at, '')`,
};

export interface UserTableQuery {
  /** the roles the caller may see (a user manager: plain users only), narrowed by the role filter */
  roles: Role[];
  search: string | null;
  twoFactor: SecondFactorFilter | null;
  disabled: boolean | null;
  source: UserRow['source'] | null;
  /** an account id: leave its members out (the membership key starts with the account) */
  notInAccount?: string | null;
  sort: UserSort;
  order: 'asc' | 'desc';
  limit: number;
  /** the sort value and id of the last row of the previous page */
  after: { value: string; id: string } | null;
  /** one user only (the user page) */
  id?: string;
}

export type UserTableRow = UserRow & { sort_value: string; twofactor_totp: unknown; twofactor_passkeys: unknown };

/** One page of the admin users table (limit + 1 rows: the extra one says there is more). */
export function listUserTable(ex: Executor, q: UserTableQuery): Promise<UserTableRow[]> {
  const key = SORT_EXPRESSION[q.sort];
  let query = ex
    .selectFrom('users')
    .selectAll('users')
    .select((eb) => [sql<string>`${key}`.as('sort_value'), ...secondFactorColumnsJoin.select(eb, '')])
    .where('users.role', 'in', q.roles);
  if (q.id !== undefined) query = query.where('users.id', '=', q.id);
  if (q.disabled !== null) query = query.where('users.disabled', '=', q.disabled ? 1 : 0);
  if (q.source !== null) query = query.where('users.source', '=', q.source);
  if (q.notInAccount) {
    const accountId = q.notInAccount;
    query = query.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('account_members').select(sql.lit(1).as('one')).whereRef('account_members.user_id', '=', 'users.id').where('account_members.account_id', '=', accountId))),
    );
  }
  if (q.twoFactor !== null) {
    const filter = q.twoFactor;
    query = query.where((eb) => secondFactorWhere(eb, filter));
  }
  if (q.search) {
    const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`users.username like ${pattern} escape '\\'`,
        sql<SqlBool>`users.email_lower like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(users.display_name) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (q.after) {
    const { value, id } = q.after;
    const [cmp, bound] = q.order === 'asc' ? [sql.raw('>'), sql.raw('>=')] : [sql.raw('<'), sql.raw('<=')];
    // the bound is implied by the rest, but it is what lets the index start at the cursor
    query = query.where(sql<SqlBool>`${key} ${bound} ${value} and (${key} ${cmp} ${value} or (${key} = ${value} and users.id ${cmp} ${id}))`);
  }
  return query
    .orderBy(key, q.order)
    .orderBy('users.id', q.order)
    .limit(q.limit + 1)
    .execute() as Promise<UserTableRow[]>;
}
