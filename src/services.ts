import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import { AccountService } from './features/accounts/service.js';
import { TwoFactorRequirement } from './features/admin/mandatory-twofactor.js';
import { InstanceProfileRules } from './features/admin/profile-rules.js';
import { SettingsService } from './features/admin/settings-service.js';
import { AdminUserService } from './features/admin/users-service.js';
import { AuditService } from './features/audit/service.js';
import { LoginThrottle } from './features/auth/login-throttle.js';
import { AuthService } from './features/auth/service.js';
import { DirectoryService } from './features/directory/service.js';
import { ProfileService } from './features/profile/service.js';
import { SessionService } from './features/sessions/service.js';
import { UserService } from './features/users/service.js';
import type { Clock } from './lib/clock.js';
import { SecretBox, loadSecretKey } from './lib/secret-box.js';

/** The services of every feature, wired once; routes, the CLI and tests all use these. */
export function createServices(db: Db, config: Config, clock: Clock) {
  const secretBox = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  const audit = new AuditService(db, clock);
  const settings = new SettingsService(db, clock);
  const users = new UserService(db, clock, audit, settings);
  const sessions = new SessionService(db, clock, config.session, audit);
  const throttle = new LoginThrottle(db, clock);
  const directory = new DirectoryService(db, clock, settings, secretBox, sessions, audit);
  const auth = new AuthService(db, sessions, throttle, audit, clock, config.reauthWindowMs, directory);
  const twoFactorRequirement = new TwoFactorRequirement(db, settings, (user) => directory.providesTwoFactorFor(user));
  const profileRules = new InstanceProfileRules(settings, directory, twoFactorRequirement);
  const profile = new ProfileService(db, clock, auth, sessions, audit, profileRules);
  const adminUsers = new AdminUserService(db, clock, users, sessions, audit);
  const accounts = new AccountService(db, clock);
  return { secretBox, audit, settings, users, sessions, throttle, directory, auth, twoFactorRequirement, profile, adminUsers, accounts };
}

export type Services = ReturnType<typeof createServices>;
