import type { Transaction } from 'kysely';
import type { Database, Db, Executor, Role, UserRow, UserUpdate } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { atField, badRequest, checkFields, conflict, notFound } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { readablePassword } from '../../lib/secrets.js';
import type { ActivityService } from '../activity/service.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { type NewUserFields, newUserRow } from './new-user.js';
import { type Language, RESERVED_USERNAMES, USERNAME_PATTERN, checkDisplayName, checkEmail, emailLower, emailTaken, usernameTaken } from './rules.js';
import * as store from './store.js';
import { userView } from './view.js';

export interface NewUser {
  username: string;
  email: string;
  displayName?: string;
  /** null: generate a readable one and return it once (unless `invited`) */
  password: string | null;
  role?: Role;
  /** the mail language and the dashboard's; the default when absent */
  language?: Language;
  /** the password (given or generated) is temporary: the next password sign-in asks for a new one */
  mustChangePassword?: boolean;
  /** no password at all: the user chooses one through an invitation (`password` must be null) */
  invited?: boolean;
  /** the bootstrap admin may take the reserved name `admin` */
  allowReservedUsername?: boolean;
}

/** More work in the transaction that inserts the user (its events, an invitation and its mail). */
export type InCreation = (trx: Transaction<Database>, user: UserRow) => Promise<void>;

/** A change of user columns; `email_lower` follows `email` by itself. */
export type UserPatch = Omit<UserUpdate, 'id' | 'email_lower' | 'created_at'>;

/** Detects a unique-constraint violation on either engine (a racing insert). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Where the admin-set minimum password length comes from (the instance settings). */
export interface PasswordPolicySource {
  current(): Promise<{ passwordPolicy: { minLength: number } }>;
}

export interface UserServiceOptions {
  db: Db;
  clock: Clock;
  activity: ActivityService;
  policy: PasswordPolicySource;
  hasher: Pick<PasswordHasher, 'hash'>;
}

/**
 * The user records: creation with every identity rule, lookup, listing — and the kernel other
 * features use to read and change users (they never import users/store.ts). Methods that write
 * take the caller's transaction first; reads take it last, defaulting to the database.
 */
export class UserService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly activity: ActivityService;
  private readonly policy: PasswordPolicySource;
  private readonly hasher: Pick<PasswordHasher, 'hash'>;

  constructor(options: UserServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.activity = options.activity;
    this.policy = options.policy;
    this.hasher = options.hasher;
  }

  /**
   * Creates a user in one transaction with its `account_created` event and whatever
   * `inCreation` adds. An invited user (`invited`) has no password: neither given nor generated.
   * @throws 400 invalid_username | invalid_email | invalid_display_name, 409 username_reserved |
   *   username_taken | email_taken, 422 from the password policy, 503 hashing_busy
   */
  async create(
    input: NewUser,
    client: ClientInfo | null = null,
    inCreation?: InCreation,
  ): Promise<{ user: UserRow; generatedPassword: string | null }> {
    if (input.invited && input.password !== null) throw new Error('an invited user has no password');
    const username = input.username.trim().toLowerCase();
    const { email, displayName } = checkFields({
      username: () => {
        if (!USERNAME_PATTERN.test(username)) {
          throw badRequest('invalid_username', 'Use 1–32 lowercase letters, digits, dots, dashes or underscores.');
        }
        if (RESERVED_USERNAMES.has(username) && !(input.allowReservedUsername && username === 'admin')) {
          throw conflict('username_reserved', `The username "${username}" is reserved.`);
        }
      },
      email: () => checkEmail(input.email),
      displayName: () => checkDisplayName(input.displayName?.trim() || username),
    });

    let generatedPassword: string | null = null;
    let password: string | null = null;
    if (!input.invited) {
      const minLength = (await this.policy.current()).passwordPolicy.minLength;
      // a generated password has 6 characters per 7 (groups joined by dashes): long enough for any minimum
      generatedPassword = input.password === null ? readablePassword(Math.max(4, Math.ceil((minLength + 1) / 7))) : null;
      password = input.password ?? (generatedPassword as string);
      atField('password', () => assertPasswordAcceptable(password as string, { username, email, minLength }));
    }

    if (await store.findUserByUsername(this.db, username)) throw usernameTaken();
    if (await store.emailTakenByOther(this.db, email, null)) throw emailTaken();

    const passwordHash = password === null ? null : await this.hashPassword(password);
    const fields: NewUserFields = {
      username,
      email,
      displayName,
      role: input.role ?? 'user',
      source: 'local',
      language: input.language,
      mustChangePassword: !input.invited && input.mustChangePassword === true,
      invited: input.invited === true,
    };
    let user: UserRow;
    try {
      user = await this.db.transaction().execute(async (trx) => {
        const row = await this.insert(trx, fields, passwordHash);
        await this.activity.record(trx, row.id, 'account_created', client, input.invited ? { invited: true } : {});
        await inCreation?.(trx, row);
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const usernameClash = await store.findUserByUsername(this.db, username);
      throw usernameClash ? usernameTaken() : emailTaken();
    }
    return { user, generatedPassword };
  }

  /** Inserts a new user (and their password hash, when the password lives here) in `ex`. */
  async insert(ex: Executor, fields: NewUserFields, passwordHash: string | null): Promise<UserRow> {
    const now = iso(this.clock.now());
    const row = newUserRow(fields, now);
    await store.insertUser(ex, row, passwordHash, now);
    return row;
  }

  /** @throws 404 user_not_found */
  async get(id: string): Promise<UserRow> {
    const user = await store.findUserById(this.db, id);
    if (!user) throw notFound('user_not_found', 'No such user.');
    return user;
  }

  findById(id: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return store.findUserById(ex, id);
  }

  findByUsername(username: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return store.findUserByUsername(ex, username);
  }

  findByEmail(email: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return store.findUserByEmail(ex, email);
  }

  /** The user named by a username or, when it has an `@`, an email address (trimmed either way). */
  findByLogin(login: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    const trimmed = login.trim();
    return trimmed.includes('@') ? this.findByEmail(trimmed, ex) : this.findByUsername(trimmed, ex);
  }

  /** Whether a user other than `userId` (anyone, for null) has the address, in any case. */
  isEmailTaken(email: string, userId: string | null, ex: Executor = this.db): Promise<boolean> {
    return store.emailTakenByOther(ex, email, userId);
  }

  async list(options: { limit: number; after: CursorPosition | null; search: string | null }) {
    const rows = await store.listUsers(this.db, options);
    return toPage(rows, options.limit, userView);
  }

  count(): Promise<number> {
    return store.countUsers(this.db);
  }

  /** Changes the user's columns in `ex`; false when there is no such user. */
  update(ex: Executor, id: string, patch: UserPatch): Promise<boolean> {
    return store.updateUserById(ex, id, patch.email === undefined ? patch : { ...patch, email_lower: emailLower(patch.email) });
  }

  /** A new session started (SessionService.start, in its transaction): see store.recordLastSignIn. */
  async recordSignIn(ex: Executor, userId: string, at: string): Promise<void> {
    await store.recordLastSignIn(ex, userId, at);
  }

  /**
   * Takes the user's row lock until `ex` (a transaction) ends, changing nothing: for
   * check-then-write rules per user (caps, "revoke the older links, issue the new one").
   */
  lockRow(ex: Executor, id: string): Promise<boolean> {
    return store.lockUserRow(ex, id);
  }

  passwordHash(userId: string, ex: Executor = this.db): Promise<string | null> {
    return store.findPasswordHash(ex, userId);
  }

  /**
   * The hash to store for a new password (argon2id, in the app's hash pool).
   * @throws 503 hashing_busy while the hash pool is full
   */
  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /**
   * Stores the user's new password hash in `ex`: the one way a password is set after creation
   * (a change, a reset, an accepted invitation, a temporary password replaced). Setting one ends
   * a pending invitation; `temporary` (an administrator's password) makes the next password
   * sign-in ask for a new one, and any other password clears that.
   */
  async setPasswordHash(ex: Executor, userId: string, passwordHash: string, options: { temporary?: boolean } = {}): Promise<void> {
    const now = iso(this.clock.now());
    await store.upsertPasswordHash(ex, userId, passwordHash, now);
    await store.setPasswordFlags(ex, userId, options.temporary === true, now);
  }

  /** After a lockdown: no sign-in until a password reset (see assertMaySignIn). */
  async requirePasswordReset(ex: Executor, userId: string): Promise<void> {
    await store.setPasswordResetRequired(ex, userId, true, iso(this.clock.now()));
  }

  /** The reset a lockdown asked for was done. */
  async clearPasswordResetRequired(ex: Executor, userId: string): Promise<void> {
    await store.setPasswordResetRequired(ex, userId, false, iso(this.clock.now()));
  }
}
