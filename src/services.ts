import path from 'node:path';
import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import { AuditService } from './features/audit/service.js';
import { LoginThrottle } from './features/auth/login-throttle.js';
import { NewSignInNotifier } from './features/auth/new-sign-in.js';
import { PasswordResetService } from './features/auth/password-reset.js';
import { AuthService } from './features/auth/service.js';
import { MediaService } from './features/media/service.js';
import { FilesystemMediaStorage } from './features/media/storage.js';
import { EmailChangeService } from './features/profile/email-change.js';
import { ProfileService } from './features/profile/service.js';
import { SessionService } from './features/sessions/service.js';
import { UserService } from './features/users/service.js';
import type { Clock } from './lib/clock.js';
import { LoggerRef } from './lib/logger.js';
import { SecretBox, loadSecretKey } from './lib/secret-box.js';
import { createMailService } from './mail/service.js';

/** The services of every feature, wired once; routes, the CLI and tests all use these. */
export function createServices(db: Db, config: Config, clock: Clock) {
  const log = new LoggerRef();
  const secretBox = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  const audit = new AuditService(db, clock);
  const mail = createMailService(db, clock, secretBox, config, log);
  const media = new MediaService(db, clock, new FilesystemMediaStorage(path.join(config.dataDir, 'media')), audit, log);
  const users = new UserService(db, clock, audit, media);
  const sessions = new SessionService(db, clock, config.session, audit, new NewSignInNotifier(mail));
  const throttle = new LoginThrottle(db, clock);
  const auth = new AuthService(db, sessions, throttle, audit, clock, config.reauthWindowMs);
  // the two-factor verifier plugs in as the last argument (null: 2FA users cannot finish a reset yet)
  const passwordReset = new PasswordResetService(db, clock, mail, sessions, audit, config.origin, log, null);
  const emailChange = new EmailChangeService(db, clock, mail, sessions, audit, config.origin);
  const profile = new ProfileService(db, clock, auth, sessions, audit, mail, media, emailChange);
  return { log, secretBox, audit, mail, media, users, sessions, throttle, auth, passwordReset, emailChange, profile };
}

export type Services = ReturnType<typeof createServices>;
