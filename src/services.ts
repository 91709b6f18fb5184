import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import { AppPasswordService } from './features/app-passwords/service.js';
import { AppService } from './features/apps/service.js';
import { AuditService } from './features/audit/service.js';
import { LoginThrottle } from './features/auth/login-throttle.js';
import { AuthService } from './features/auth/service.js';
import { ProfileService } from './features/profile/service.js';
import { SessionService } from './features/sessions/service.js';
import { TwoFactorService } from './features/twofactor/service.js';
import { SecondFactorVerifier } from './features/twofactor/verifier.js';
import { TokenService } from './features/tokens/service.js';
import { UserService } from './features/users/service.js';
import type { Clock } from './lib/clock.js';
import { SecretBox, loadSecretKey } from './lib/secret-box.js';

/** The services of every feature, wired once; routes, the CLI and tests all use these. */
export function createServices(db: Db, config: Config, clock: Clock) {
  const secretBox = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  const audit = new AuditService(db, clock);
  const users = new UserService(db, clock, audit);
  const sessions = new SessionService(db, clock, config.session, audit);
  const throttle = new LoginThrottle(db, clock);
  const secondFactor = new SecondFactorVerifier(db, clock, secretBox, throttle, audit);
  const auth = new AuthService(db, sessions, throttle, audit, clock, config.reauthWindowMs, secondFactor);
  const profile = new ProfileService(db, clock, auth, sessions, audit, secondFactor, throttle);
  const twoFactor = new TwoFactorService(db, clock, secretBox, config.issuer, auth, sessions, audit);
  const tokens = new TokenService(db, clock, audit);
  const apps = new AppService(db, clock, audit);
  const appPasswords = new AppPasswordService(db, clock, audit, apps, auth, throttle);
  return { secretBox, audit, users, sessions, throttle, auth, profile, secondFactor, twoFactor, tokens, apps, appPasswords };
}

export type Services = ReturnType<typeof createServices>;
