import path from 'node:path';
import type { Config } from './config.js';
import type { ChangeEpoch } from './db/change-epoch.js';
import type { ChangeSignal } from './db/change-signal.js';
import { ReadCache, type ReadCacheOptions } from './db/read-cache.js';
import type { Db } from './db/schema.js';
import { AppPasswordService } from './features/app-passwords/service.js';
import { AppService } from './features/apps/service.js';
import { AccountService } from './features/accounts/service.js';
import { TwoFactorRequirement } from './features/settings/mandatory-twofactor.js';
import { InstanceProfileRules } from './features/settings/profile-rules.js';
import { SettingsService } from './features/settings/service.js';
import { AdminUserService } from './features/users/admin-service.js';
import { ActivityService } from './features/activity/service.js';
import { AuditService } from './features/audit/service.js';
import { AdminUserPage } from './features/users/admin-user-page.js';
import { Budgets } from './features/budgets/service.js';
import { HashPool } from './features/auth/hash-pool.js';
import { LoginThrottle } from './features/auth/login-throttle.js';
import { PasswordHasher } from './features/auth/password-hasher.js';
import { NewSignInNotifier } from './features/sessions/new-sign-in.js';
import { PasswordResetService, resetSecondFactorFrom } from './features/auth/password-reset-service.js';
import { AuthService } from './features/auth/service.js';
import { MediaService } from './features/media/service.js';
import { FilesystemMediaStorage } from './features/media/storage.js';
import { EmailChangeService } from './features/profile/email-change-service.js';
import { RecoveryEmailService } from './features/profile/recovery-email-service.js';
import { DirectoryService } from './features/directory/service.js';
import { ProfileService, viewMaxAge } from './features/profile/service.js';
import { SessionService } from './features/sessions/service.js';
import { TwoFactorService } from './features/twofactor/service.js';
import { SecondFactorVerifier } from './features/twofactor/verifier.js';
import { relyingPartyOf } from './features/passkeys/relying-party.js';
import { PasskeyService } from './features/passkeys/service.js';
import { PasskeyVerifier } from './features/passkeys/verifier.js';
import { LockdownService } from './features/lockdown/service.js';
import { InvitationService } from './features/invitations/service.js';
import { DataExportService } from './features/export/service.js';
import { OidcService } from './features/oidc/service.js';
import { TokenService } from './features/tokens/service.js';
import { UserDeletionService } from './features/users/deletion-service.js';
import { UserService } from './features/users/service.js';
import type { Clock } from './lib/clock.js';
import { LoggerRef } from './lib/logger.js';
import { SecretBox, loadSecretKey } from './lib/secret-box.js';
import { createMailService } from './mail/service.js';

/**
 * The services of every feature, wired once; routes, the CLI and tests all use these.
 * `changes` is the database's change epoch: the hot reads of every request are cached on it
 * (SQLite); null (PostgreSQL): there are no read caches at all. `settingsChanges` drops the
 * settings cache (both engines).
 */
export function createServices(db: Db, config: Config, clock: Clock, signals: { changes: ChangeEpoch | null; settingsChanges: ChangeSignal }) {
  const { changes, settingsChanges } = signals;
  const readCache = <V extends object>(options: ReadCacheOptions<V>) => (changes ? new ReadCache<V>(changes, clock, options) : null);
  const log = new LoggerRef();
  const secretBox = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  const activity = new ActivityService({ db, clock });
  const audit = new AuditService({ db, clock });
  const budgets = new Budgets({ db, clock, engine: config.database.kind });
  const settings = new SettingsService({ db, clock, audit, changes: settingsChanges });
  // one pool for every password hash and verify of the app (one app per process in production)
  const hashPool = new HashPool(config.hashing);
  const hasher = new PasswordHasher(hashPool);
  const users = new UserService({ db, clock, activity, policy: settings, hasher });
  const mail = createMailService({ db, clock, secretBox, budgets, recipients: users, config, log });
  const media = new MediaService({
    db, clock, storage: new FilesystemMediaStorage(path.join(config.dataDir, 'media')), activity, log, settings, budgets,
  });
  const sessions = new SessionService({
    db, clock, limits: config.session, activity, signInObserver: new NewSignInNotifier({ mail, users }), users, lookups: readCache({ userOf: (found) => found.user.id }),
  });
  const throttle = new LoginThrottle({ budgets });
  const secondFactor = new SecondFactorVerifier({ db, clock, secretBox, throttle, activity });
  const directory = new DirectoryService({ db, clock, users, settings, secretBox, sessions, activity, audit });
  const passkeyVerifier = new PasskeyVerifier({ db, clock, rp: relyingPartyOf(config.origin, config.issuer), throttle });
  const auth = new AuthService({
    db, users, sessions, throttle, activity, clock, reauthWindowMs: config.reauthWindowMs, secondFactor, external: directory, hasher,
    passkeys: passkeyVerifier, policy: settings, mail,
  });
  const passkeys = new PasskeyService({ db, clock, verifier: passkeyVerifier, auth, sessions, users, activity, throttle, mail });
  const userDeletion = new UserDeletionService({ db, auth, sessions, throttle, secondFactor, media, mail });
  const twoFactorRequirement = new TwoFactorRequirement({ db, settings, exempt: (user) => directory.providesTwoFactorFor(user) });
  settings.useTwoFactorCoverage(twoFactorRequirement);
  const profileRules = new InstanceProfileRules({ settings, directory, twoFactor: twoFactorRequirement });
  const recoveryEmail = new RecoveryEmailService({ db, clock, users, mail, sessions, activity, origin: config.origin });
  const emailChange = new EmailChangeService({
    db, clock, users, mail, budgets, sessions, activity, recovery: recoveryEmail, origin: config.origin,
  });
  const profile = new ProfileService({
    db, clock, users, auth, sessions, activity, mail, media, emailChange, recovery: recoveryEmail, rules: profileRules, views: readCache({ userOf: (view) => view.id, maxAgeOf: viewMaxAge }),
  });
  const twoFactor = new TwoFactorService({ db, clock, users, secretBox, issuer: config.issuer, auth, sessions, activity, audit, mail, passkeys });
  const tokens = new TokenService({ db, clock, users, activity, mail, settings, lookups: readCache({ userOf: (found) => found.user.id }) });
  const apps = new AppService({ db, clock, activity, audit });
  const appPasswords = new AppPasswordService({ db, clock, users, activity, apps, auth, throttle, mail });
  const passwordReset = new PasswordResetService({
    db, clock, users, budgets, mail, sessions, activity, origin: config.origin, log, secondFactor: resetSecondFactorFrom(secondFactor),
    policy: profileRules, credentials: { tokens, appPasswords },
  });
  const invitations = new InvitationService({ db, clock, users, sessions, activity, mail, origin: config.origin, policy: settings });
  const accounts = new AccountService({ db, clock, users, audit });
  const adminUsers = new AdminUserService({ db, clock, users, deletion: userDeletion, sessions, activity, audit, directory, invitations, accounts });
  const adminUserPage = new AdminUserPage({ db, users, adminUsers, sessions, activity, accounts, reset: passwordReset, mail, audit });
  const oidc = new OidcService({
    db, clock, secretBox, origin: config.origin, secureCookies: config.origin.startsWith('https:'), users, accounts, media, apps, sessions, log, activity,
    twoFactorRequired: (user) => twoFactorRequirement.isSetupRequired(user),
  });
  const lockdown = new LockdownService({
    db, clock, users, sessions, credentials: { tokens, appPasswords }, apps: oidc, reset: passwordReset, tickets: auth, mail, activity, audit,
  });
  const dataExport = new DataExportService({ profile, sessions, activity, tokens, appPasswords, passkeys, accounts, oidc, media });
  return {
    log, secretBox, hashPool, budgets, activity, audit, mail, media, settings, users, userDeletion, sessions, throttle, secondFactor, directory, auth, passwordReset, passkeyVerifier, passkeys,
    emailChange, recoveryEmail, twoFactorRequirement, profile, twoFactor, tokens, apps, appPasswords, invitations, adminUsers, adminUserPage, accounts, oidc, lockdown, dataExport,
  };
}

export type Services = ReturnType<typeof createServices>;
