import { type PublicKeyCredentialCreationOptionsJSON, generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { randomBytes } from 'node:crypto';
import type { Db, Executor } from '../../db/schema.js';
import type { InteractiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, conflict, forbidden, notFound, unauthorized, unprocessable } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { newId } from '../../lib/secrets.js';
import type { ActivityService } from '../activity/service.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { AuthService } from '../auth/service.js';
import type { MailService } from '../../mail/service.js';
import { hasSecondFactor } from '../twofactor/status.js';
import type { SessionService } from '../sessions/service.js';
import type { UserService } from '../users/service.js';
import { isValidName } from '../users/rules.js';
import { passkeyChallengeExpired } from './refusals.js';
import { defaultPasskeyName } from './providers.js';
import { type RegistrationResponseBody, asRegistrationResponse } from './schemas.js';
import * as store from './store.js';
import { CHALLENGE_LIFETIME_MS, type PasskeyVerifier, transportsOf } from './verifier.js';
import { type PasskeyView, passkeyView } from './view.js';

/** Passkeys per user. */
export const PASSKEY_LIMIT = 20;

/** A passkey's name: the rules of every name people read, at most 64 characters here. */
function checkPasskeyName(input: string): string {
  const name = input.trim();
  if (!isValidName(name) || [...name].length > 64) throw badRequest('invalid_passkey_name', 'Use 1–64 characters, no control characters.').forField('name');
  return name;
}

export interface PasskeyServiceOptions {
  db: Db;
  clock: Clock;
  verifier: PasskeyVerifier;
  auth: Pick<AuthService, 'assertRecentlyAuthenticated' | 'isRecentSignIn'>;
  sessions: Pick<SessionService, 'endSignedInWithPasskey' | 'isActive'>;
  users: Pick<UserService, 'lockRow'>;
  activity: ActivityService;
  throttle: Pick<LoginThrottle, 'challenge'>;
  mail: Pick<MailService, 'enqueueNotice' | 'kick'>;
}

/** The WebAuthn limit of a credential id (bytes). */
const MAX_CREDENTIAL_ID_BYTES = 1023;

/**
 * The signed-in user's passkeys: registration (a discoverable credential, user verification
 * preferred, none attestation), the list, rename and delete. Every change and its activity
 * event are one transaction.
 */
export class PasskeyService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly verifier: PasskeyVerifier;
  private readonly auth: PasskeyServiceOptions['auth'];
  private readonly sessions: PasskeyServiceOptions['sessions'];
  private readonly users: PasskeyServiceOptions['users'];
  private readonly activity: ActivityService;
  private readonly throttle: PasskeyServiceOptions['throttle'];
  private readonly mail: PasskeyServiceOptions['mail'];

  constructor(options: PasskeyServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.verifier = options.verifier;
    this.auth = options.auth;
    this.sessions = options.sessions;
    this.users = options.users;
    this.activity = options.activity;
    this.throttle = options.throttle;
    this.mail = options.mail;
  }

  /**
   * Options for `navigator.credentials.create`, the user's passkeys excluded (the browser then
   * refuses a second passkey on the same authenticator). The WebAuthn user handle is random and
   * shared by all of the user's passkeys, never their username or email.
   * @throws 403 reauthentication_required | invalid_password, 422 passkey_limit_reached, 429 rate_limited
   */
  async registrationOptions(caller: InteractiveCaller, password: string | undefined, client: ClientInfo): Promise<PublicKeyCredentialCreationOptionsJSON> {
    await this.auth.assertRecentlyAuthenticated(caller, password, client);
    const { user, session } = caller;
    const existing = await store.listPasskeysByUserId(this.db, user.id);
    if (existing.length >= PASSKEY_LIMIT) throw limitReached();
    await this.throttle.challenge(client.ip);
    const userHandle = existing[0]?.user_handle ?? isoBase64URL.fromBuffer(randomBytes(32));
    const rp = this.verifier.rp;
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userID: isoBase64URL.toBuffer(userHandle),
      userName: user.username,
      userDisplayName: user.display_name || user.username,
      timeout: CHALLENGE_LIFETIME_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((row) => ({ id: row.credential_id, transports: transportsOf(row) })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
      // ES256, EdDSA and RS256: what platform authenticators and security keys make
      supportedAlgorithmIDs: [-7, -8, -257],
    });
    await this.verifier.storeChallenge(this.db, options.challenge, 'registration', { userId: user.id, binding: session.id }, userHandle);
    return options;
  }

  /**
   * Verifies the authenticator's answer to `registrationOptions` and stores the passkey.
   * @throws 400 passkey_challenge_expired | invalid_passkey_name, 409 passkey_already_registered,
   *   422 passkey_rejected | passkey_limit_reached
   */
  async register(caller: InteractiveCaller, body: RegistrationResponseBody, name: string | undefined, client: ClientInfo): Promise<PasskeyView> {
    const { user, session } = caller;
    const chosenName = name === undefined ? undefined : checkPasskeyName(name);
    const challenge = await this.verifier.takeChallenge(body.response.clientDataJSON, 'registration', { userId: user.id, binding: session.id });
    if (!challenge || challenge.user_handle === null) throw passkeyChallengeExpired();
    const rp = this.verifier.rp;
    let info;
    try {
      const result = await verifyRegistrationResponse({
        response: asRegistrationResponse(body),
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
        supportedAlgorithmIDs: [-7, -8, -257],
      });
      if (!result.verified) throw new Error('not verified');
      info = result.registrationInfo;
    } catch {
      throw rejected();
    }
    // the id the browser names must be the one the authenticator made, and within WebAuthn's limit
    if (info.credential.id !== body.id || isoBase64URL.toBuffer(info.credential.id).length > MAX_CREDENTIAL_ID_BYTES) throw rejected();
    const now = iso(this.clock.now());
    const row = {
      id: newId(),
      user_id: user.id,
      credential_id: info.credential.id,
      public_key: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: info.credential.counter,
      transports: JSON.stringify(info.credential.transports ?? body.response.transports ?? []),
      aaguid: info.aaguid,
      backed_up: info.credentialBackedUp ? 1 : 0,
      device_type: info.credentialDeviceType,
      user_handle: challenge.user_handle,
      name: chosenName ?? defaultPasskeyName(info.aaguid),
      created_at: now,
      last_used_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      // the limit holds against racing registrations (the user row is locked), and an admin reset
      // that ended this session meanwhile wins; a credential id registered by anyone is refused
      await this.users.lockRow(trx, user.id);
      if (!(await this.sessions.isActive(trx, session.id))) throw unauthorized('unauthenticated', 'Sign in first.');
      if ((await store.countPasskeysByUserId(trx, user.id)) >= PASSKEY_LIMIT) throw limitReached();
      if (!(await store.insertPasskey(trx, row))) throw alreadyRegistered();
      await this.activity.record(trx, user.id, 'passkey_added', client, { passkeyId: row.id, name: row.name });
      await this.mail.enqueueNotice(trx, user, 'passkey_added', { passkeyName: row.name }, client);
    });
    this.mail.kick();
    return passkeyView(row);
  }

  async list(userId: string): Promise<PasskeyView[]> {
    return (await store.listPasskeysByUserId(this.db, userId)).map(passkeyView);
  }

  /** @throws 400 invalid_passkey_name, 404 passkey_not_found */
  async rename(userId: string, id: string, name: string, client: ClientInfo): Promise<PasskeyView> {
    const newName = checkPasskeyName(name);
    return this.db.transaction().execute(async (trx) => {
      const row = await store.renamePasskey(trx, id, userId, newName);
      if (!row) throw notFound('passkey_not_found', 'No such passkey.');
      await this.activity.record(trx, userId, 'passkey_renamed', client, { passkeyId: id, name: newName });
      return passkeyView(row);
    });
  }

  /**
   * Deletes a passkey and ends the other sessions signed in with it (as Kanidm does); the current
   * session stays, whatever it signed in with. Sensitive: a recent sign-in. When it was the
   * user's last second factor, the user is mailed that 2FA is off (as when TOTP is turned off).
   * @throws 403 reauthentication_required, 404 passkey_not_found
   */
  async delete(caller: InteractiveCaller, id: string, client: ClientInfo): Promise<{ sessionsEnded: number }> {
    if (!this.auth.isRecentSignIn(caller.session)) throw forbidden('reauthentication_required', 'Confirm your password to continue.');
    const { user, session } = caller;
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await store.deletePasskey(trx, id, user.id);
      if (!row) throw notFound('passkey_not_found', 'No such passkey.');
      const sessionsEnded = await this.sessions.endSignedInWithPasskey(trx, user.id, row.id, session.id);
      await this.activity.record(trx, user.id, 'passkey_deleted', client, { passkeyId: row.id, name: row.name, sessionsEnded });
      if (!(await hasSecondFactor(trx, user.id))) await this.mail.enqueueNotice(trx, user, 'twofactor_disabled', {}, client);
      return { sessionsEnded };
    });
    this.mail.kick();
    return result;
  }

  /** Removes every passkey of the user and their open challenges in `ex` (the admin's 2FA reset); returns how many. */
  async removeAllForUser(ex: Executor, userId: string): Promise<number> {
    await store.deleteChallengesByUserId(ex, userId);
    return store.deletePasskeysByUserId(ex, userId);
  }
}

function limitReached() {
  return unprocessable('passkey_limit_reached', `You have ${PASSKEY_LIMIT} passkeys, the most there may be. Delete one first.`);
}

function alreadyRegistered() {
  return conflict('passkey_already_registered', 'This passkey is registered already.');
}

function rejected() {
  return unprocessable('passkey_rejected', 'The passkey could not be verified. Try again.');
}
