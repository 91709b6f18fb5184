import { assertAnotherActiveAdmin } from './last-admin.js';
import type { Db, Executor, Role, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, checkFields, conflict, forbidden, notFound, unprocessable } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { MailPermit } from '../../mail/service.js';
import type { AccountService } from '../accounts/service.js';
import type { ActivityService } from '../activity/service.js';
import { type AuditBy, SYSTEM_BY, auditByUser } from '../audit/by.js';
import { type AuditService, diff } from '../audit/service.js';
import type { DirectoryService } from '../directory/service.js';
import type { SessionService } from '../sessions/service.js';
import type { UserDeletionService } from './deletion-service.js';
import { profileChanges } from './profile-changes.js';
import { checkDisplayName, checkEmail, checkRecoveryEmail, emailLower, emailTaken } from './rules.js';
import { type NewUser, type UserService, isUniqueViolation } from './service.js';
import { ONE_USER, type UserTableFilter, readTableCursor, tableCursor, userTableItem } from './admin-list.js';
import { listUserTable } from './admin-list-store.js';

/**
 * Who asks: a signed-in user with a role (and whether they signed in interactively within the
 * re-authentication window), or the command line / the directory sync (`system`).
 */
export type Actor = { kind: 'user'; user: UserRow; recentSignIn: boolean } | { kind: 'system' };
export const SYSTEM: Actor = { kind: 'system' };

/** The audit's "who and from where" of an actor. */
export function auditByActor(actor: Actor, client: ClientInfo | null): AuditBy {
  return actor.kind === 'user' ? auditByUser(actor.user, client) : { ...SYSTEM_BY, client };
}

/** How the users' own activity names who acted: the admin's username, or the system. */
export function activityByOf(actor: Actor): { by: string } {
  return { by: actor.kind === 'user' ? actor.user.username : 'system' };
}

export interface AdminUserPatch {
  displayName?: string;
  email?: string;
  recoveryEmail?: string | null;
  role?: Role;
  disabled?: boolean;
  /** true: the current password is temporary, the next password sign-in asks for a new one; false: no longer */
  mustChangePassword?: boolean;
  /** present only to be refused */
  username?: unknown;
}

/** A user an administrator creates: with a password (given or generated), or invited by mail. */
export interface AdminNewUser extends Omit<NewUser, 'invited' | 'allowReservedUsername'> {
  /** no password: a mailed link lets the user choose one (`password` and `mustChangePassword` must be absent) */
  invite?: boolean;
}

/**
 * The invitations feature as the administrators' side of users uses it: the rules of who may
 * invite (or re-invite) whom are here, the link and its mail there.
 */
export interface Invitations {
  /** the mail budget of an invitation sent again (before its transaction) @throws 429 rate_limited */
  reserve(user: UserRow): Promise<MailPermit<'invitation'>>;
  /** a new link (older ones die) and its mail, inside `trx`; `permit` null: the first one */
  issue(trx: Executor, user: UserRow, how: { permit: MailPermit<'invitation'> | null; invitedBy: UserRow | null }, client: ClientInfo | null): Promise<void>;
  /** kills the user's live invitation links inside `ex` */
  revoke(ex: Executor, userId: string): Promise<number>;
  /** after the commit that queued an invitation */
  kick(): void;
}

/** The roles that may use the users API at all. */
export function canManageUsers(role: Role): boolean {
  return role === 'admin' || role === 'usermanager';
}

/**
 * Role rules for acting on another user: an admin may act on anyone; a user manager only on
 * plain users (never on managers or admins, themselves included).
 * @throws 403 admin_required
 */
export function assertCanManage(actor: Actor, target: Pick<UserRow, 'role'>): void {
  if (rolesManageableBy(actor).includes(target.role)) return;
  throw forbidden('admin_required', 'Only administrators may change managers and administrators.');
}

const ALL_ROLES: Role[] = ['user', 'usermanager', 'admin'];

/** The roles of the users an actor may act on, and so see in the users table. */
export function rolesManageableBy(actor: Actor): Role[] {
  if (actor.kind === 'system' || actor.user.role === 'admin') return ALL_ROLES;
  return actor.user.role === 'usermanager' ? ['user'] : [];
}

/**
 * Granting a role: only admins grant roles, and granting admin needs an interactive sign-in
 * within the re-authentication window (never an API token), so a stolen token or an unattended
 * dashboard cannot mint administrators. @throws 403 admin_required | reauthentication_required
 */
function assertMayGrant(actor: Actor, role: Role): void {
  if (role === 'user' || actor.kind === 'system') return;
  if (actor.user.role !== 'admin') throw forbidden('admin_required', 'Only administrators may grant the manager or administrator role.');
  if (role === 'admin' && !actor.recentSignIn) {
    throw forbidden('reauthentication_required', 'Confirm your password first: making an administrator needs a recent sign-in to the dashboard.');
  }
}

const invitationNotPending = () => conflict('invitation_not_pending', 'This user has already chosen a password (or signs in through the directory): there is no invitation to send.');

/** Which profile fields a directory owns for its users. */
const DIRECTORY_FIELDS = ['displayName', 'email', 'recoveryEmail'] as const;

export interface AdminUserServiceOptions {
  db: Db;
  clock: Clock;
  users: UserService;
  deletion: UserDeletionService;
  sessions: SessionService;
  activity: ActivityService;
  audit: AuditService;
  /** a user enabled by hand is no longer "disabled by the sync" */
  directory: Pick<DirectoryService, 'forgetDisabledBySync'>;
  invitations: Invitations;
  /** the table's `notInAccount` names an account that must exist */
  accounts: Pick<AccountService, 'assertExists'>;
}

/**
 * The administrators' side of users: role rules, changes, disabling, deletion. Disabling
 * ends every session in the same transaction; the last active admin can never be removed,
 * demoted or disabled.
 */
export class AdminUserService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly users: UserService;
  private readonly deletion: UserDeletionService;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly audit: AuditService;
  private readonly directory: Pick<DirectoryService, 'forgetDisabledBySync'>;
  private readonly invitations: Invitations;
  private readonly accounts: Pick<AccountService, 'assertExists'>;

  constructor(options: AdminUserServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.users = options.users;
    this.deletion = options.deletion;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.audit = options.audit;
    this.directory = options.directory;
    this.invitations = options.invitations;
    this.accounts = options.accounts;
  }

  /**
   * Creates a user with a password (given, or generated and returned once; temporary with
   * `mustChangePassword`), or, with `invite`, without one: the invitation mail goes out in the
   * creating transaction. The API's default is a normal password, so scripts keep working.
   * @throws 400 invalid_request (`invite` with a password or `mustChangePassword`), 403
   *   admin_required when a manager asks for a manager or admin; else as UserService.create
   */
  async create(actor: Actor, input: AdminNewUser, client: ClientInfo | null) {
    const { invite = false, ...fields } = input;
    if (invite && fields.password !== null) throw badRequest('invalid_request', 'An invited user chooses their own password: send `invite: true` without `password`.');
    if (invite && fields.mustChangePassword) throw badRequest('invalid_request', 'An invited user chooses their own password: `mustChangePassword` needs a password.');
    const current = await this.currentActor(this.db, actor);
    assertMayGrant(current, input.role ?? 'user');
    const by = activityByOf(current);
    const created = await this.users.create({ ...fields, invited: invite, allowReservedUsername: false }, client, async (trx, user) => {
      if (user.must_change_password === 1) await this.activity.record(trx, user.id, 'temporary_password_set', client, by);
      if (invite) await this.invitations.issue(trx, user, { permit: null, invitedBy: current.kind === 'user' ? current.user : null }, client);
      await this.audit.record(trx, auditByActor(current, client), invite ? 'user_invited' : 'user_created', { kind: 'user', id: user.id, label: user.username }, {
        email: user.email,
        role: user.role,
        ...(invite ? {} : { mustChangePassword: user.must_change_password === 1, passwordGenerated: fields.password === null }),
      });
    });
    if (invite) this.invitations.kick();
    return created;
  }

  /**
   * Sends the invitation of a user who has not chosen a password yet again: a new link, the old
   * one dies. The role rules of any change apply; the mail budgets too.
   * @throws 404 user_not_found, 403 admin_required, 409 invitation_not_pending, 429 rate_limited
   */
  async resendInvitation(actor: Actor, id: string, client: ClientInfo | null): Promise<void> {
    const target = await this.users.findById(id);
    if (!target) throw notFound('user_not_found', 'No such user.');
    assertCanManage(await this.currentActor(this.db, actor), target);
    if (target.invitation_pending !== 1) throw invitationNotPending();
    const permit = await this.invitations.reserve(target);
    await this.db.transaction().execute(async (trx) => {
      // the user's row first: an acceptance or a reset racing this one is seen once it commits
      if (!(await this.users.lockRow(trx, id))) throw notFound('user_not_found', 'No such user.');
      const fresh = await this.users.findById(id, trx);
      if (!fresh) throw notFound('user_not_found', 'No such user.');
      const current = await this.currentActor(trx, actor);
      assertCanManage(current, fresh);
      if (fresh.invitation_pending !== 1 || (await this.users.passwordHash(id, trx)) !== null) throw invitationNotPending();
      await this.invitations.issue(trx, fresh, { permit, invitedBy: current.kind === 'user' ? current.user : null }, client);
      await this.audit.record(trx, auditByActor(current, client), 'user_invited', { kind: 'user', id: fresh.id, label: fresh.username }, { email: fresh.email, resent: true });
    });
    this.invitations.kick();
  }

  /**
   * Applies the changes in one transaction (with their events in the user's activity).
   * @throws 404 user_not_found, 403 admin_required | managed_by_directory, 400 invalid_display_name |
   *   invalid_email, 409 email_taken | last_admin, 422 username_immutable
   */
  async update(actor: Actor, id: string, patch: AdminUserPatch, client: ClientInfo | null): Promise<UserRow> {
    if (patch.username !== undefined) throw unprocessable('username_immutable', 'The username cannot be changed.').forField('username');
    const next = checkFields({
      displayName: () => (patch.displayName === undefined ? undefined : checkDisplayName(patch.displayName)),
      email: () => (patch.email === undefined ? undefined : checkEmail(patch.email)),
      recoveryEmail: () => (patch.recoveryEmail === undefined ? undefined : checkRecoveryEmail(patch.recoveryEmail)),
    });
    try {
      return await this.db.transaction().execute(async (trx) => {
        let target = await this.users.findById(id, trx);
        if (!target) throw notFound('user_not_found', 'No such user.');
        actor = await this.currentActor(trx, actor);
        assertCanManage(actor, target);
        // may take admin rights away: the active admins are locked first (the order every admin edit takes)
        if ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true) await assertAnotherActiveAdmin(trx, id);
        // then the target's row, and the rules again on the row as it is now: a row read before
        // the lock may be stale (a concurrent promotion would let a manager edit an admin)
        await this.users.lockRow(trx, id);
        target = await this.users.findById(id, trx);
        if (!target) throw notFound('user_not_found', 'No such user.');
        assertCanManage(actor, target);
        if (patch.role !== undefined && patch.role !== target.role) assertMayGrant(actor, patch.role);
        // enabling a disabled admin gives admin rights back: the same rule as granting them
        if (patch.disabled === false && target.disabled === 1 && target.role === 'admin') assertMayGrant(actor, 'admin');

        const { changes, fields } = profileChanges(target, next);
        if (target.source === 'ldap' && fields.some((f) => (DIRECTORY_FIELDS as readonly string[]).includes(f))) {
          throw forbidden('managed_by_directory', 'The directory manages this user’s name and email addresses.');
        }
        if (patch.mustChangePassword !== undefined && target.source === 'ldap') {
          throw forbidden('managed_by_directory', 'The directory manages this user’s password.');
        }
        if (patch.mustChangePassword === true && target.invitation_pending === 1) {
          throw conflict('invitation_pending', 'This user has not chosen a password yet: there is no password to make temporary.');
        }
        if (changes.email && (await this.users.isEmailTaken(changes.email, target.id, trx))) throw emailTaken();
        const roleChanged = patch.role !== undefined && patch.role !== target.role;
        const disabledChanged = patch.disabled !== undefined && patch.disabled !== (target.disabled === 1);
        const temporaryChanged = patch.mustChangePassword !== undefined && patch.mustChangePassword !== (target.must_change_password === 1);
        if (roleChanged) changes.role = patch.role;
        if (disabledChanged) changes.disabled = patch.disabled ? 1 : 0;
        if (temporaryChanged) changes.must_change_password = patch.mustChangePassword ? 1 : 0;

        if (fields.length === 0 && !roleChanged && !disabledChanged && !temporaryChanged) return target;

        changes.updated_at = iso(this.clock.now());
        // false: deleted by a concurrent request since it was read (the write waited for that commit)
        if (!(await this.users.update(trx, target.id, changes))) throw notFound('user_not_found', 'No such user.');
        const by = activityByOf(actor);
        if (changes.email) await this.activity.record(trx, target.id, 'email_changed', client, { from: target.email, to: changes.email, ...by });
        // the invitation went to the old address: that link dies (send it again to the new one)
        if (changes.email && target.invitation_pending === 1) await this.invitations.revoke(trx, target.id);
        if (temporaryChanged) {
          await this.activity.record(trx, target.id, patch.mustChangePassword ? 'temporary_password_set' : 'temporary_password_cleared', client, by);
        }
        const others = fields.filter((f) => f !== 'email');
        if (others.length > 0) await this.activity.record(trx, target.id, 'profile_updated', client, { fields: others, ...by });
        if (roleChanged) await this.activity.record(trx, target.id, 'role_changed', client, { from: target.role, to: patch.role, ...by });
        if (disabledChanged) {
          if (patch.disabled) {
            await this.sessions.endAllForUser(trx, target.id, 'user_disabled');
            await this.activity.record(trx, target.id, 'account_disabled', client, by);
          } else {
            // enabled by hand: a later sync may disable them again only if the entry is still gone
            await this.directory.forgetDisabledBySync(trx, target.id);
            await this.activity.record(trx, target.id, 'account_enabled', client, by);
          }
        }
        await this.recordUpdate(trx, auditByActor(actor, client), target, {
          displayName: changes.display_name,
          email: changes.email,
          recoveryEmail: changes.recovery_email,
          role: roleChanged ? patch.role : undefined,
          disabled: disabledChanged ? patch.disabled : undefined,
          mustChangePassword: temporaryChanged ? patch.mustChangePassword : undefined,
        });
        return { ...target, ...changes, ...(changes.email ? { email_lower: emailLower(changes.email) } : {}) } as UserRow;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** One audit entry per edit: disabling or enabling alone is its own type, anything else is `user_updated`. */
  private async recordUpdate(
    trx: Executor,
    by: AuditBy,
    target: UserRow,
    next: { displayName?: string; email?: string; recoveryEmail?: string | null; role?: Role; disabled?: boolean; mustChangePassword?: boolean },
  ): Promise<void> {
    const before = {
      displayName: target.display_name,
      email: target.email,
      recoveryEmail: target.recovery_email,
      role: target.role,
      disabled: target.disabled === 1,
      mustChangePassword: target.must_change_password === 1,
    };
    const changes = diff(before, next);
    const fields = Object.keys(changes);
    const type = fields.length === 1 && fields[0] === 'disabled' ? (next.disabled ? 'user_disabled' : 'user_enabled') : 'user_updated';
    await this.audit.record(trx, by, type, { kind: 'user', id: target.id, label: target.username }, changes);
  }

  /**
   * The users table: only the users the caller may act on, searched, filtered and sorted, one
   * keyset page at a time (the cursor carries its sort, so it cannot be replayed on another).
   * `notInAccount` leaves that account's members out, in the query itself, so pages stay full.
   * @throws 400 invalid_cursor, 404 account_not_found
   */
  async list(actor: Actor, filter: UserTableFilter, cursor: string | undefined) {
    const current = await this.currentActor(this.db, actor);
    const roles = rolesManageableBy(current).filter((role) => filter.role === null || role === filter.role);
    const order = filter.order ?? (filter.sort === 'lastSignIn' ? 'desc' : 'asc');
    const after = readTableCursor(cursor, filter.sort, order);
    if (filter.notInAccount !== null) await this.accounts.assertExists(filter.notInAccount);
    if (roles.length === 0) return { items: [], nextCursor: null };
    const rows = await listUserTable(this.db, { ...filter, roles, order, after });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(userTableItem),
      nextCursor: rows.length > filter.limit && last ? tableCursor(filter.sort, order, { value: last.sort_value, id: last.id }) : null,
    };
  }

  /** One user as the users table shows them. @throws 404 user_not_found, 403 admin_required (not theirs to act on) */
  async get(actor: Actor, id: string) {
    const current = await this.currentActor(this.db, actor);
    const [row] = await listUserTable(this.db, { ...ONE_USER, roles: ALL_ROLES, id });
    if (!row) throw notFound('user_not_found', 'No such user.');
    assertCanManage(current, row);
    return userTableItem(row);
  }

  /** Disables or enables a user by username (the CLI). */
  async setDisabledByUsername(username: string, disabled: boolean): Promise<UserRow> {
    const user = await this.users.findByUsername(username);
    if (!user) throw notFound('user_not_found', `No user named ${username}.`);
    return this.update(SYSTEM, user.id, { disabled }, null);
  }

  /** @throws 404 user_not_found, 403 admin_required, 409 last_admin */
  async delete(actor: Actor, id: string, client: ClientInfo | null): Promise<void> {
    await this.deletion.deleteById(
      id,
      async (trx, target) => assertCanManage(await this.currentActor(trx, actor), target),
      (trx, deleted) =>
        this.audit.record(trx, auditByActor(actor, client), 'user_deleted', { kind: 'user', id: deleted.id, label: deleted.username }, { email: deleted.email, role: deleted.role }),
    );
  }

  /**
   * The actor as the database knows them now: a manager demoted or disabled by a concurrent
   * request loses their rights at once. @throws 403 admin_required
   */
  private async currentActor(trx: Executor, actor: Actor): Promise<Actor> {
    if (actor.kind === 'system') return actor;
    const fresh = await this.users.findById(actor.user.id, trx);
    if (!fresh || fresh.disabled === 1 || !canManageUsers(fresh.role)) {
      throw forbidden('admin_required', 'Only administrators and user managers may do this.');
    }
    return { ...actor, user: fresh };
  }
}
