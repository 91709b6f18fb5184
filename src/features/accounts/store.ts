import { type SqlBool, sql } from 'kysely';
import { afterCursor } from '../../db/keyset.js';
import type { AccountGroupRow, AccountRow, Executor } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';
import { hasSecondFactorOf, secondFactorWhere } from '../twofactor/status.js';

const likePattern = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ---- accounts

export async function insertAccount(ex: Executor, row: AccountRow): Promise<void> {
  await ex.insertInto('accounts').values(row).execute();
}

export function findAccountById(ex: Executor, id: string): Promise<AccountRow | undefined> {
  return ex.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function accountNameTaken(ex: Executor, name: string, exceptId: string | null): Promise<boolean> {
  let query = ex.selectFrom('accounts').select('id').where('name_lower', '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Oldest first, keyset-paginated; `search` matches the name (case-insensitive). */
export function listAccounts(ex: Executor, options: { limit: number; after: CursorPosition | null; search: string | null }) {
  let query = ex.selectFrom('accounts').selectAll();
  if (options.after) {
    const after = options.after;
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'asc', after));
  }
  if (options.search) query = query.where(sql<SqlBool>`name_lower like ${likePattern(options.search)} escape '\\'`);
  return query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(options.limit + 1).execute();
}

export async function updateAccountById(ex: Executor, id: string, patch: Partial<Omit<AccountRow, 'id' | 'created_at'>>): Promise<boolean> {
  const result = await ex.updateTable('accounts').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the account with its groups and memberships (children first: the group key has no cascade). */
export async function deleteAccountById(ex: Executor, id: string): Promise<boolean> {
  await ex.deleteFrom('account_members').where('account_id', '=', id).execute();
  await ex.deleteFrom('account_groups').where('account_id', '=', id).execute();
  const result = await ex.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---- groups

export async function insertGroup(ex: Executor, row: AccountGroupRow): Promise<void> {
  await ex.insertInto('account_groups').values(row).execute();
}

/** The group only when it belongs to this account. */
export function findGroupByIdAndAccountId(ex: Executor, id: string, accountId: string): Promise<AccountGroupRow | undefined> {
  return ex.selectFrom('account_groups').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

export async function groupNameTaken(ex: Executor, accountId: string, name: string, exceptId: string | null): Promise<boolean> {
  let query = ex.selectFrom('account_groups').select('id').where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The account's groups by name, each with its member count. */
export function listGroupsWithCountsByAccountId(ex: Executor, accountId: string) {
  return ex
    .selectFrom('account_groups')
    .leftJoin('account_members', 'account_members.group_id', 'account_groups.id')
    .select(['account_groups.id', 'account_groups.account_id', 'account_groups.name', 'account_groups.created_at'])
    .select((eb) => eb.fn.count('account_members.user_id').as('member_count'))
    .where('account_groups.account_id', '=', accountId)
    .groupBy(['account_groups.id', 'account_groups.account_id', 'account_groups.name', 'account_groups.created_at', 'account_groups.name_lower'])
    .orderBy('account_groups.name_lower', 'asc')
    .orderBy('account_groups.id', 'asc')
    .execute();
}

export async function renameGroupByIdAndAccountId(ex: Executor, id: string, accountId: string, name: string): Promise<boolean> {
  const result = await ex
    .updateTable('account_groups')
    .set({ name, name_lower: name.toLowerCase() })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteGroupByIdAndAccountId(ex: Executor, id: string, accountId: string): Promise<boolean> {
  const result = await ex.deleteFrom('account_groups').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countMembersByGroupId(ex: Executor, groupId: string): Promise<number> {
  const row = await ex
    .selectFrom('account_members')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('group_id', '=', groupId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- memberships

export async function insertMember(ex: Executor, row: { account_id: string; user_id: string; group_id: string; created_at: string }): Promise<void> {
  await ex.insertInto('account_members').values(row).execute();
}

export async function moveMember(ex: Executor, accountId: string, userId: string, groupId: string): Promise<boolean> {
  const result = await ex
    .updateTable('account_members')
    .set({ group_id: groupId })
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteMember(ex: Executor, accountId: string, userId: string): Promise<boolean> {
  const result = await ex.deleteFrom('account_members').where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function membershipQuery(ex: Executor) {
  return ex
    .selectFrom('account_members')
    .innerJoin('accounts', 'accounts.id', 'account_members.account_id')
    .innerJoin('account_groups', 'account_groups.id', 'account_members.group_id')
    .innerJoin('users', 'users.id', 'account_members.user_id')
    .select([
      'account_members.account_id',
      'account_members.user_id',
      'account_members.created_at',
      'accounts.name as account_name',
      'accounts.type as account_type',
      'accounts.requires_mfa',
      'account_groups.id as group_id',
      'account_groups.name as group_name',
      'users.username',
      'users.display_name',
      'users.email',
      'users.disabled',
    ]);
}

export type MembershipRow = Awaited<ReturnType<typeof findMembership>> & object;

/** One user's membership of one account, with account and group, or undefined. */
export function findMembership(ex: Executor, accountId: string, userId: string) {
  return membershipQuery(ex).where('account_members.account_id', '=', accountId).where('account_members.user_id', '=', userId).executeTakeFirst();
}

/** Every membership of a user (one per account), oldest first: for claims and app access rules. */
export function listAllMembershipsByUserId(ex: Executor, userId: string) {
  return membershipQuery(ex).where('account_members.user_id', '=', userId).orderBy('account_members.created_at').orderBy('account_members.account_id').execute();
}

/** A user's memberships, oldest first, keyset on (created_at, account_id). */
export function listMembershipsByUserId(ex: Executor, userId: string, limit: number, after: CursorPosition | null) {
  let query = membershipQuery(ex).where('account_members.user_id', '=', userId);
  if (after) {
    query = query.where((eb) => afterCursor(eb, 'account_members.created_at', 'account_members.account_id', 'asc', after));
  }
  return query.orderBy('account_members.created_at', 'asc').orderBy('account_members.account_id', 'asc').limit(limit + 1).execute();
}

/**
 * An account's members, oldest first, keyset on (created_at, user_id) (index
 * account_members_account_created), each with whether they have a second factor
 * (`two_factor`, twofactor/status.ts). `withoutTwoFactor`: only the active members without one,
 * those countActiveMembersWithoutSecondFactor counts.
 */
export function listMembersByAccountId(ex: Executor, accountId: string, limit: number, after: CursorPosition | null, options: { withoutTwoFactor: boolean }) {
  // the member's `users` row is the one the two-factor expressions refer to
  let query = membershipQuery(ex)
    .select((eb) => hasSecondFactorOf(eb).as('two_factor'))
    .where('account_members.account_id', '=', accountId);
  if (options.withoutTwoFactor) {
    // `!= 1` (the same as `= 0` for this 0/1 column) is no index condition: the account's members
    // drive the query in their order, rather than every active user followed by a sort
    query = query.where('users.disabled', '!=', 1).where((eb) => secondFactorWhere(eb, 'none'));
  }
  if (after) {
    query = query.where((eb) => afterCursor(eb, 'account_members.created_at', 'account_members.user_id', 'asc', after));
  }
  return query.orderBy('account_members.created_at', 'asc').orderBy('account_members.user_id', 'asc').limit(limit + 1).execute();
}

/**
 * The account's active members without a second factor: those its MFA rule refuses (or would,
 * once on). Each member's user is looked up by its key (a subquery per member, never a join the
 * planner could turn into a read of every user: most accounts are small).
 */
export async function countActiveMembersWithoutSecondFactor(ex: Executor, accountId: string): Promise<number> {
  const row = await ex
    .selectFrom('account_members')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_members.account_id', '=', accountId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('users')
          .select('users.id')
          .whereRef('users.id', '=', 'account_members.user_id')
          .where('users.disabled', '=', 0)
          .where((inner) => secondFactorWhere(inner, 'none')),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
