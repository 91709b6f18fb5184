import type { FastifyRequest } from 'fastify';
import type { Db, UserRow } from '../../db/schema.js';
import type { AuthGate } from '../../http/authenticate.js';
import { forbidden, unprocessable } from '../../http/problem.js';
import type { CursorPosition } from '../../lib/cursor.js';
import { countActiveUsersWithoutSecondFactor, hasSecondFactor, listActiveUsersWithoutSecondFactor } from '../twofactor/status.js';
import type { SettingsService, TwoFactorCoverage } from './service.js';

const SOURCES: UserRow['source'][] = ['local', 'ldap'];

/** Routes a user who still has to enrol a second factor may reach (route patterns, /api/v1 included). */
const ENROLMENT_PREFIXES = ['/api/v1/profile/twofactor/totp/', '/api/v1/profile/passkeys/registration'];
const OPEN_ROUTES = new Set(['GET /api/v1/profile', 'HEAD /api/v1/profile', 'GET /api/v1/profile/passkeys', 'POST /api/v1/auth/reauthenticate', 'POST /api/v1/auth/logout',
  // leaving an app's "no access" page grants nothing, and neither does a lockdown ("this wasn't me")
  'POST /api/v1/oidc/interactions/:uid/refuse', 'POST /api/v1/profile/lockdown']);

function isEnrolmentRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? '';
  return ENROLMENT_PREFIXES.some((prefix) => route.startsWith(prefix)) || OPEN_ROUTES.has(`${request.method} ${route}`);
}

export interface TwoFactorRequirementOptions {
  db: Db;
  settings: SettingsService;
  exempt: (user: Pick<UserRow, 'source'>) => Promise<boolean>;
}

/**
 * The `mandatoryTwoFactor` setting. While it is on, a user without a confirmed second factor
 * may only read their profile, re-authenticate, enrol TOTP and sign out; every other route
 * answers 403 `twofactor_setup_required` — for sessions and API tokens alike. Users whose
 * second factor is the directory's (`exempt`, decided by the user's source) are not asked to
 * enrol here. An admin the rule would stop cannot turn it on (422 `enrol_twofactor_first`).
 */
export class TwoFactorRequirement implements TwoFactorCoverage {
  private readonly db: Db;
  private readonly settings: SettingsService;
  private readonly exempt: (user: Pick<UserRow, 'source'>) => Promise<boolean>;

  constructor(options: TwoFactorRequirementOptions) {
    this.db = options.db;
    this.settings = options.settings;
    this.exempt = options.exempt;
  }

  /** Whether this user must enrol a second factor before doing anything else. */
  async isSetupRequired(user: UserRow): Promise<boolean> {
    if (!(await this.settings.current()).mandatoryTwoFactor) return false;
    return this.wouldBeStopped(user);
  }

  /** Whether the rule, when on, stops this user until they enrol. */
  private async wouldBeStopped(user: Pick<UserRow, 'id' | 'source'>): Promise<boolean> {
    if (await this.exempt(user)) return false;
    return !(await hasSecondFactor(this.db, user.id));
  }

  /** @throws 422 enrol_twofactor_first when turning the rule on would stop `actor` at once */
  async assertMayRequire(actor: UserRow): Promise<void> {
    if (await this.wouldBeStopped(actor)) {
      throw unprocessable('enrol_twofactor_first', 'Set up two-factor authentication for yourself before you require it of everyone.');
    }
  }

  /** The sources whose users the rule asks to enrol here (not those whose directory provides 2FA). */
  private async askedSources(): Promise<UserRow['source'][]> {
    const asked: UserRow['source'][] = [];
    for (const source of SOURCES) if (!(await this.exempt({ source }))) asked.push(source);
    return asked;
  }

  /** Active users the rule stops until they enrol (whether or not it is on now). */
  async countUncovered(): Promise<number> {
    return countActiveUsersWithoutSecondFactor(this.db, await this.askedSources());
  }

  /** The same users, a page at a time, oldest first (limit + 1 rows: the last one says there is more). */
  async listUncovered(limit: number, after: CursorPosition | null) {
    return listActiveUsersWithoutSecondFactor(this.db, await this.askedSources(), limit, after);
  }

  /**
   * The gate for the authentication pipeline. While the rule is off (the common case) it reads
   * only the cached settings (parsed once per load; an expired copy is reloaded first).
   */
  readonly gate: AuthGate = async (request, auth) => {
    const settings = this.settings.peek() ?? (await this.settings.current());
    if (!settings.mandatoryTwoFactor || isEnrolmentRoute(request)) return;
    if (await this.isSetupRequired(auth.user)) {
      throw forbidden('twofactor_setup_required', 'Set up two-factor authentication first: this instance requires it.');
    }
  };
}
