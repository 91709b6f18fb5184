import { assertAnotherActiveAdmin } from './last-admin.js';
import type { Db, Executor, Role, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, conflict, notFound } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { newId, readablePassword } from '../../lib/secrets.js';
import type { ActivityService } from '../activity/service.js';
import { hashPassword } from '../auth/password-hasher.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { DEFAULT_PREFERENCES, RESERVED_USERNAMES, USERNAME_PATTERN, isValidName, isValidEmail } from './rules.js';
import * as store from './store.js';
import { userView } from './view.js';

export interface NewUser {
  username: string;
  email: string;
  displayName?: string;
  /** null: generate a readable one and return it once */
  password: string | null;
  role?: Role;
  /** the bootstrap admin may take the reserved name `admin` */
  allowReservedUsername?: boolean;
}

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
  /** the user's image files go after the rows (see MediaService.deleteAllForUser) */
  media: { deleteAllForUser(userId: string): Promise<void> };
  policy: PasswordPolicySource;
}

/** The user records: creation with every identity rule, lookup, listing, deletion. */
export class UserService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly activity: ActivityService;
  private readonly media: { deleteAllForUser(userId: string): Promise<void> };
  private readonly policy: PasswordPolicySource;

  constructor(options: UserServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.activity = options.activity;
    this.media = options.media;
    this.policy = options.policy;
  }

  /**
   * @throws 400 invalid_username | invalid_email | invalid_display_name, 409 username_reserved |
   *   username_taken | email_taken, 422 from the password policy
   */
  async create(input: NewUser, client: ClientInfo | null = null): Promise<{ user: UserRow; generatedPassword: string | null }> {
    const username = input.username.trim().toLowerCase();
    const email = input.email.trim();
    const displayName = input.displayName?.trim() || username;
    if (!USERNAME_PATTERN.test(username)) {
      throw badRequest('invalid_username', 'Use 1–32 lowercase letters, digits, dots, dashes or underscores.');
    }
    if (RESERVED_USERNAMES.has(username) && !(input.allowReservedUsername && username === 'admin')) {
      throw conflict('username_reserved', `The username "${username}" is reserved.`);
    }
    if (!isValidEmail(email)) throw badRequest('invalid_email', 'This is not a valid email address.');
    if (!isValidName(displayName)) throw badRequest('invalid_display_name', 'Use 1–100 characters, no control characters.');

    const minLength = (await this.policy.current()).passwordPolicy.minLength;
    // a generated password has 6 characters per 7 (groups joined by dashes): long enough for any minimum
    const generatedPassword = input.password === null ? readablePassword(Math.max(4, Math.ceil(((minLength ?? 0) + 1) / 7))) : null;
    const password = input.password ?? (generatedPassword as string);
    assertPasswordAcceptable(password, { username, email, minLength });

    if (await store.findUserByUsername(this.db, username)) throw conflict('username_taken', 'This username is taken.');
    if (await store.emailTakenByOther(this.db, email, null)) throw conflict('email_taken', 'This email address is in use.');

    const passwordHash = await hashPassword(password);
    const now = iso(this.clock.now());
    const row: UserRow = {
      id: newId(),
      username,
      display_name: displayName,
      email,
      email_lower: email.toLowerCase(),
      recovery_email: null,
      language: DEFAULT_PREFERENCES.language,
      timezone: DEFAULT_PREFERENCES.timezone,
      date_format: DEFAULT_PREFERENCES.dateFormat,
      newsletter: 0,
      role: input.role ?? 'user',
      source: 'local',
      disabled: 0,
      created_at: now,
      updated_at: now,
      notify_new_sign_in: 1,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        await store.insertUser(trx, row, passwordHash, now);
        await this.activity.record(trx, row.id, 'account_created', client);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const usernameClash = await store.findUserByUsername(this.db, username);
      throw usernameClash ? conflict('username_taken', 'This username is taken.') : conflict('email_taken', 'This email address is in use.');
    }
    return { user: row, generatedPassword };
  }

  async get(id: string): Promise<UserRow> {
    const user = await store.findUserById(this.db, id);
    if (!user) throw notFound('user_not_found', 'No such user.');
    return user;
  }

  findByUsername(username: string, ex: Executor = this.db) {
    return store.findUserByUsername(ex, username);
  }

  async list(options: { limit: number; after: CursorPosition | null; search: string | null }) {
    const rows = await store.listUsers(this.db, options);
    return toPage(rows, options.limit, userView);
  }

  count(): Promise<number> {
    return store.countUsers(this.db);
  }

  /**
   * Removes the user and everything that is theirs in one transaction (rows cascade); their
   * sessions stop working on the very next request. The username and email become free. Their
   * image files are deleted once the transaction has committed.
   * @throws 404 user_not_found, 409 last_admin
   */
  async delete(id: string): Promise<UserRow> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      const user = await store.findUserById(trx, id);
      if (!user) throw notFound('user_not_found', 'No such user.');
      await assertAnotherActiveAdmin(trx, id);
      await store.deleteUserById(trx, id);
      return user;
    });
    await this.media.deleteAllForUser(id);
    return deleted;
  }
}
