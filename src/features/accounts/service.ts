import type { AccountRow, AccountType, Db, UserRow } from '../../db/schema.js';
import { type CodeFor, conflict, forbidden, notFound, unprocessable } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { newId } from '../../lib/secrets.js';
import { hasSecondFactor, readSecondFactorColumn } from '../twofactor/status.js';
import { isUniqueViolation } from '../users/service.js';
import type { UserService } from '../users/service.js';
import { invalidName, isValidName } from '../users/rules.js';
import type { AuditBy } from '../audit/by.js';
import { type AuditService, diff } from '../audit/service.js';
import * as store from './store.js';
import { accountView, groupView, memberView, membershipView } from './view.js';

export interface NewAccount {
  name: string;
  type: AccountType;
  requiresMfa?: boolean;
}

export type AccountPatch = Partial<NewAccount>;

/** A foreign-key violation on either engine (e.g. a group that still has members). */
function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/.test(e?.message ?? '');
}

function cleanName(name: string, code: CodeFor<400>): string {
  const trimmed = name.trim();
  if (!isValidName(trimmed)) throw invalidName(code).forField('name');
  return trimmed;
}

const accountTarget = (account: Pick<AccountRow, 'id' | 'name'>) => ({ kind: 'account' as const, id: account.id, label: account.name });
const groupTarget = (account: Pick<AccountRow, 'name'>, group: { id: string; name: string }) => ({ kind: 'group' as const, id: group.id, label: `${account.name}/${group.name}` });

const groupMissing = () => unprocessable('group_not_in_account', 'This group does not belong to the account.');

export interface AccountServiceOptions {
  users: Pick<UserService, 'findById'>;
  db: Db;
  clock: Clock;
  audit: AuditService;
}

/**
 * Organisations on the marketplace: accounts (vendor, distributor, reseller), their groups,
 * and memberships — one group per account for each user. An account may require MFA: its
 * members without a second factor are refused everything under /accounts/{id}.
 */
export class AccountService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly users: Pick<UserService, 'findById'>;
  private readonly audit: AuditService;

  constructor(options: AccountServiceOptions) {
    this.users = options.users;
    this.audit = options.audit;
    this.db = options.db;
    this.clock = options.clock;
  }

  // ---- the member's side

  /** The user's memberships, each saying whether the account's MFA rule is met. */
  async listForUser(user: UserRow, limit: number, after: CursorPosition | null) {
    const rows = await store.listMembershipsByUserId(this.db, user.id, limit, after);
    const secondFactor = rows.some((row) => row.requires_mfa === 1) ? await hasSecondFactor(this.db, user.id) : false;
    return toPage(
      rows.map((row) => ({ ...row, id: row.account_id })),
      limit,
      (row) => membershipView(row, secondFactor),
    );
  }

  /** Every membership of the user, for the apps they sign in to (claims, access rules). */
  async allForUser(userId: string) {
    const rows = await store.listAllMembershipsByUserId(this.db, userId);
    return rows.map((row) => ({
      accountId: row.account_id,
      accountName: row.account_name,
      accountType: row.account_type,
      groupId: row.group_id,
      groupName: row.group_name,
      requiresMfa: row.requires_mfa === 1,
    }));
  }

  /**
   * The user's membership of one account, when the account lets them in.
   * @throws 404 account_not_found (no such account, or not a member), 403 mfa_required
   */
  async membershipFor(user: UserRow, accountId: string) {
    const row = await store.findMembership(this.db, accountId, user.id);
    if (!row) throw notFound('account_not_found', 'No such account.');
    const secondFactor = row.requires_mfa === 1 ? await hasSecondFactor(this.db, user.id) : false;
    const view = membershipView(row, secondFactor);
    if (!view.mfaSatisfied) throw forbidden('mfa_required', 'This account requires two-factor authentication. Set it up in your profile.');
    return view;
  }

  // ---- accounts (admin)

  /** @throws 400 invalid_account_name, 409 account_name_taken */
  async create(input: NewAccount, by: AuditBy) {
    const name = cleanName(input.name, 'invalid_account_name');
    const now = iso(this.clock.now());
    const row: AccountRow = { id: newId(), name, name_lower: name.toLowerCase(), type: input.type, requires_mfa: input.requiresMfa ? 1 : 0, created_at: now, updated_at: now };
    try {
      await this.db.transaction().execute(async (trx) => {
        if (await store.accountNameTaken(trx, name, null)) throw conflict('account_name_taken', 'An account with this name exists.').forField('name');
        await store.insertAccount(trx, row);
        await this.audit.record(trx, by, 'account_created', accountTarget(row), { type: row.type, requiresMfa: row.requires_mfa === 1 });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('account_name_taken', 'An account with this name exists.').forField('name');
      throw error;
    }
    return accountView(row);
  }

  async list(options: { limit: number; after: CursorPosition | null; search: string | null }) {
    return toPage(await store.listAccounts(this.db, options), options.limit, accountView);
  }

  private async requireAccount(id: string, ex: Parameters<typeof store.findAccountById>[0] = this.db): Promise<AccountRow> {
    const account = await store.findAccountById(ex, id);
    if (!account) throw notFound('account_not_found', 'No such account.');
    return account;
  }

  /** @throws 404 account_not_found */
  async assertExists(id: string): Promise<void> {
    await this.requireAccount(id);
  }

  /** @throws 404 account_not_found */
  async get(id: string) {
    const account = await this.requireAccount(id);
    const groups = await store.listGroupsWithCountsByAccountId(this.db, id);
    const membersWithoutTwoFactor = await store.countActiveMembersWithoutSecondFactor(this.db, id);
    return { ...accountView(account), groups: groups.map(groupView), membersWithoutTwoFactor };
  }

  /** @throws 404 account_not_found, 400 invalid_account_name, 409 account_name_taken */
  async update(id: string, patch: AccountPatch, by: AuditBy) {
    const name = patch.name === undefined ? undefined : cleanName(patch.name, 'invalid_account_name');
    try {
      return await this.db.transaction().execute(async (trx) => {
        const account = await this.requireAccount(id, trx);
        const changes: Partial<AccountRow> = {};
        if (name !== undefined && name !== account.name) {
          if (await store.accountNameTaken(trx, name, id)) throw conflict('account_name_taken', 'An account with this name exists.').forField('name');
          changes.name = name;
          changes.name_lower = name.toLowerCase();
        }
        if (patch.type !== undefined && patch.type !== account.type) changes.type = patch.type;
        if (patch.requiresMfa !== undefined && (patch.requiresMfa ? 1 : 0) !== account.requires_mfa) changes.requires_mfa = patch.requiresMfa ? 1 : 0;
        if (Object.keys(changes).length === 0) return accountView(account);
        changes.updated_at = iso(this.clock.now());
        await store.updateAccountById(trx, id, changes);
        const before = { name: account.name, type: account.type, requiresMfa: account.requires_mfa === 1 };
        const after = { name: changes.name, type: changes.type, requiresMfa: changes.requires_mfa === undefined ? undefined : changes.requires_mfa === 1 };
        await this.audit.record(trx, by, 'account_updated', accountTarget(account), diff(before, after));
        return accountView({ ...account, ...changes });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('account_name_taken', 'An account with this name exists.').forField('name');
      throw error;
    }
  }

  /** Deletes the account, its groups and memberships (the users stay). @throws 404 account_not_found */
  async delete(id: string, by: AuditBy): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const account = await this.requireAccount(id, trx);
      if (!(await store.deleteAccountById(trx, id))) throw notFound('account_not_found', 'No such account.');
      await this.audit.record(trx, by, 'account_deleted', accountTarget(account), { type: account.type });
    });
  }

  // ---- groups (admin)

  /** @throws 404 account_not_found, 400 invalid_group_name, 409 group_name_taken */
  async createGroup(accountId: string, rawName: string, by: AuditBy) {
    const name = cleanName(rawName, 'invalid_group_name');
    const row = { id: newId(), account_id: accountId, name, name_lower: name.toLowerCase(), created_at: iso(this.clock.now()) };
    try {
      await this.db.transaction().execute(async (trx) => {
        const account = await this.requireAccount(accountId, trx);
        if (await store.groupNameTaken(trx, accountId, name, null)) throw conflict('group_name_taken', 'This account has a group with this name.').forField('name');
        await store.insertGroup(trx, row);
        await this.audit.record(trx, by, 'group_created', groupTarget(account, row), { account: account.name });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('group_name_taken', 'This account has a group with this name.').forField('name');
      throw error;
    }
    return groupView(row);
  }

  /** @throws 404 account_not_found */
  async listGroups(accountId: string) {
    await this.requireAccount(accountId);
    return (await store.listGroupsWithCountsByAccountId(this.db, accountId)).map(groupView);
  }

  /** @throws 404 account_not_found | group_not_found, 400 invalid_group_name, 409 group_name_taken */
  async renameGroup(accountId: string, groupId: string, rawName: string, by: AuditBy) {
    const name = cleanName(rawName, 'invalid_group_name');
    try {
      await this.db.transaction().execute(async (trx) => {
        const account = await this.requireAccount(accountId, trx);
        const group = await store.findGroupByIdAndAccountId(trx, groupId, accountId);
        if (!group) throw notFound('group_not_found', 'No such group in this account.');
        if (await store.groupNameTaken(trx, accountId, name, groupId)) throw conflict('group_name_taken', 'This account has a group with this name.').forField('name');
        await store.renameGroupByIdAndAccountId(trx, groupId, accountId, name);
        if (name !== group.name) await this.audit.record(trx, by, 'group_renamed', groupTarget(account, { ...group, name }), { name: { from: group.name, to: name } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('group_name_taken', 'This account has a group with this name.').forField('name');
      throw error;
    }
    const group = (await store.listGroupsWithCountsByAccountId(this.db, accountId)).find((g) => g.id === groupId);
    if (!group) throw notFound('group_not_found', 'No such group in this account.');
    return groupView(group);
  }

  /** @throws 404 account_not_found | group_not_found, 409 group_not_empty */
  async deleteGroup(accountId: string, groupId: string, by: AuditBy): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const account = await this.requireAccount(accountId, trx);
        const group = await store.findGroupByIdAndAccountId(trx, groupId, accountId);
        if (!group) throw notFound('group_not_found', 'No such group in this account.');
        if ((await store.countMembersByGroupId(trx, groupId)) > 0) {
          throw conflict('group_not_empty', 'Move or remove the members of this group first.');
        }
        await store.deleteGroupByIdAndAccountId(trx, groupId, accountId);
        await this.audit.record(trx, by, 'group_deleted', groupTarget(account, group), { account: account.name });
      });
    } catch (error) {
      // a member added by a concurrent request: the foreign key refuses the delete
      if (isForeignKeyViolation(error)) throw conflict('group_not_empty', 'Move or remove the members of this group first.');
      throw error;
    }
  }

  // ---- members (admin)

  /**
   * The account's members, oldest first, each saying whether they have a second factor;
   * `withoutTwoFactor`: only the active ones without (those `membersWithoutTwoFactor` counts).
   * @throws 404 account_not_found
   */
  async listMembers(accountId: string, limit: number, after: CursorPosition | null, options: { withoutTwoFactor: boolean } = { withoutTwoFactor: false }) {
    await this.requireAccount(accountId);
    const rows = await store.listMembersByAccountId(this.db, accountId, limit, after, options);
    return toPage(
      rows.map((row) => ({ ...row, id: row.user_id })),
      limit,
      (row) => memberView(row, readSecondFactorColumn(row.two_factor)),
    );
  }

  /**
   * Puts a user in one group of the account.
   * @throws 404 account_not_found | user_not_found, 422 group_not_in_account, 409 already_member
   */
  async addMember(accountId: string, userId: string, groupId: string, by: AuditBy) {
    try {
      await this.db.transaction().execute(async (trx) => {
        const account = await this.requireAccount(accountId, trx);
        const user = await this.users.findById(userId, trx);
        if (!user) throw notFound('user_not_found', 'No such user.');
        const group = await store.findGroupByIdAndAccountId(trx, groupId, accountId);
        if (!group) throw groupMissing();
        if (await store.findMembership(trx, accountId, userId)) {
          throw conflict('already_member', 'The user is already in a group of this account; move them instead.');
        }
        await store.insertMember(trx, { account_id: accountId, user_id: userId, group_id: groupId, created_at: iso(this.clock.now()) });
        await this.audit.record(trx, by, 'member_added', { kind: 'user', id: user.id, label: user.username }, { account: account.name, accountId, group: group.name });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('already_member', 'The user is already in a group of this account; move them instead.');
      if (isForeignKeyViolation(error)) throw groupMissing();
      throw error;
    }
    return this.memberOf(accountId, userId);
  }

  /** @throws 404 account_not_found | member_not_found, 422 group_not_in_account */
  async moveMember(accountId: string, userId: string, groupId: string, by: AuditBy) {
    try {
      await this.db.transaction().execute(async (trx) => {
        const account = await this.requireAccount(accountId, trx);
        const group = await store.findGroupByIdAndAccountId(trx, groupId, accountId);
        if (!group) throw groupMissing();
        const before = await store.findMembership(trx, accountId, userId);
        if (!before || !(await store.moveMember(trx, accountId, userId, groupId))) throw notFound('member_not_found', 'The user is not a member of this account.');
        if (before.group_id !== groupId) {
          await this.audit.record(trx, by, 'member_moved', { kind: 'user', id: userId, label: before.username }, {
            account: account.name,
            accountId,
            group: { from: before.group_name, to: group.name },
          });
        }
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw groupMissing();
      throw error;
    }
    return this.memberOf(accountId, userId);
  }

  /** @throws 404 account_not_found | member_not_found */
  async removeMember(accountId: string, userId: string, by: AuditBy): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const account = await this.requireAccount(accountId, trx);
      const before = await store.findMembership(trx, accountId, userId);
      if (!before || !(await store.deleteMember(trx, accountId, userId))) throw notFound('member_not_found', 'The user is not a member of this account.');
      await this.audit.record(trx, by, 'member_removed', { kind: 'user', id: userId, label: before.username }, { account: account.name, accountId, group: before.group_name });
    });
  }

  private async memberOf(accountId: string, userId: string) {
    const row = await store.findMembership(this.db, accountId, userId);
    if (!row) throw notFound('member_not_found', 'The user is not a member of this account.');
    return memberView(row, await hasSecondFactor(this.db, userId));
  }
}
