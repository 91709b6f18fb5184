import {
  type AuthenticatorTransport,
  type PublicKeyCredentialRequestOptionsJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL } from '@simplewebauthn/server/helpers';
import type { ChallengePurpose, ChallengeRow, Db, Executor, PasskeyRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { type Clock, addMs, iso } from '../../lib/clock.js';
import { newId } from '../../lib/secrets.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { RelyingParty } from './relying-party.js';
import type { AuthenticationResponseBody } from './schemas.js';
import { asAuthenticationResponse } from './schemas.js';
import * as store from './store.js';

/** A challenge lives 5 minutes and is answered once. */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

/** Whose challenge it is and what it is bound to (see webauthn_challenges). */
export interface ChallengeOwner {
  userId: string | null;
  binding: string | null;
}

export type AssertionPurpose = Exclude<ChallengePurpose, 'registration'>;

export type AssertionResult =
  | { ok: true; passkey: PasskeyRow; counter: number; backedUp: boolean; userVerified: boolean }
  | { ok: false; reason: 'challenge' | 'unknown_credential' | 'other_user' | 'rejected'; credentialId: string; userId: string | null };

export function transportsOf(row: Pick<PasskeyRow, 'transports'>): AuthenticatorTransport[] {
  const parsed: unknown = JSON.parse(row.transports);
  return Array.isArray(parsed) ? parsed.filter((t): t is AuthenticatorTransport => typeof t === 'string') : [];
}

/** The challenge inside a clientDataJSON, or null when it is not readable. */
function challengeIn(clientDataJSON: string): string | null {
  try {
    const challenge: unknown = decodeClientDataJSON(clientDataJSON).challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 256 ? challenge : null;
  } catch {
    return null;
  }
}

export interface PasskeyVerifierOptions {
  db: Db;
  clock: Clock;
  rp: RelyingParty;
  throttle: LoginThrottle;
}

/**
 * Challenges and their answers (assertions) for every use of a passkey: the passwordless
 * sign-in, the second step of a sign-in, re-authentication.
 *
 * Rules, in order:
 * 1. a challenge is stored with its purpose, its owner (a user, or none for a passwordless
 *    sign-in) and what it is bound to (the session or the login ticket); it lives 5 minutes;
 * 2. an answer first uses its challenge up, in one conditional delete committed on its own: a
 *    replay, an expired or a foreign challenge is refused, and a failed answer burns it;
 * 3. the credential must be a passkey of the owner (any user for a passwordless sign-in, then
 *    the user handle must match too); the user's login throttle applies from here, as for a
 *    password: a failure keeps its place in the budget, a success gives it back;
 * 4. `@simplewebauthn/server` checks origin, RP ID, challenge, signature, user presence, user
 *    verification where required, and that the counter moves forward;
 * 5. `recordUse` writes the new counter in the caller's transaction with what the answer
 *    unlocks, conditionally, so two racing answers succeed once.
 */
export class PasskeyVerifier {
  readonly rp: RelyingParty;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly throttle: LoginThrottle;

  constructor(options: PasskeyVerifierOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.rp = options.rp;
    this.throttle = options.throttle;
  }

  /** Stores a challenge for `purpose` and returns its id. */
  async storeChallenge(
    ex: Executor,
    challenge: string,
    purpose: ChallengePurpose,
    owner: ChallengeOwner,
    userHandle: string | null = null,
  ): Promise<string> {
    const now = this.clock.now();
    const id = newId();
    await store.insertChallenge(ex, {
      id,
      challenge,
      purpose,
      user_id: owner.userId,
      binding: owner.binding,
      user_handle: userHandle,
      created_at: iso(now),
      expires_at: iso(addMs(now, CHALLENGE_LIFETIME_MS)),
    });
    return id;
  }

  /** Uses up the challenge an answer carries; false when it is not a live one of this purpose and owner. */
  async takeChallenge(clientDataJSON: string, purpose: ChallengePurpose, owner: ChallengeOwner, challengeId?: string): Promise<ChallengeRow | null> {
    const challenge = challengeIn(clientDataJSON);
    if (challenge === null) return null;
    const row = await store.consumeChallenge(this.db, {
      challenge,
      purpose,
      userId: owner.userId,
      binding: owner.binding,
      ...(challengeId !== undefined ? { id: challengeId } : {}),
      now: iso(this.clock.now()),
    });
    return row ?? null;
  }

  /**
   * Options for `navigator.credentials.get`: the owner's passkeys as allowCredentials (none for
   * a passwordless sign-in, so the browser offers every passkey it holds for this site, also as
   * autofill). User verification is required where the passkey alone signs in or unlocks, and
   * preferred where it follows a password.
   */
  async assertionOptions(purpose: AssertionPurpose, owner: ChallengeOwner): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    const passkeys = owner.userId ? await store.listPasskeysByUserId(this.db, owner.userId) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: passkeys.map((row) => ({ id: row.credential_id, transports: transportsOf(row) })),
      userVerification: purpose === 'second_factor' ? 'preferred' : 'required',
      timeout: CHALLENGE_LIFETIME_MS,
    });
    const challengeId = await this.storeChallenge(this.db, options.challenge, purpose, owner);
    return { challengeId, options };
  }

  /** The user's passkeys, for the second-factor methods and the profile's count. */
  hasPasskeys(ex: Executor, userId: string): Promise<boolean> {
    return store.countPasskeysByUserId(ex, userId).then((n) => n > 0);
  }

  /**
   * Checks an answer (rules 2–4); the caller records the use with `recordUse` in the
   * transaction of what it unlocks.
   * @throws 429 rate_limited while the user's (or, for an unknown passkey, the IP's) budget is spent
   */
  async verify(
    body: AuthenticationResponseBody,
    purpose: AssertionPurpose,
    owner: ChallengeOwner,
    client: ClientInfo,
    challengeId?: string,
  ): Promise<AssertionResult> {
    const credentialId = body.id;
    const refuse = (reason: Exclude<AssertionResult, { ok: true }>['reason'], userId: string | null = null): AssertionResult => ({
      ok: false,
      reason,
      credentialId,
      userId,
    });
    const taken = await this.takeChallenge(body.response.clientDataJSON, purpose, owner, challengeId);
    if (taken === null) return refuse('challenge');

    const passkey = await store.findPasskeyByCredentialId(this.db, credentialId);
    if (!passkey) {
      // an unknown passkey spends the IP's budget, as an unknown username does
      await this.throttle.begin({ unknownLogin: `passkey:${credentialId.slice(0, 64)}` }, client.ip);
      return refuse('unknown_credential');
    }
    const attempt = await this.throttle.begin({ userId: passkey.user_id }, client.ip);
    const handle = body.response.userHandle;
    if ((owner.userId !== null && passkey.user_id !== owner.userId) || (handle !== undefined && handle !== passkey.user_handle)) {
      return refuse('other_user', passkey.user_id);
    }
    if (owner.userId === null && handle === undefined) return refuse('rejected', passkey.user_id);

    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response: asAuthenticationResponse(body),
        expectedChallenge: taken.challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: purpose !== 'second_factor',
        credential: {
          id: passkey.credential_id,
          publicKey: isoBase64URL.toBuffer(passkey.public_key),
          counter: Number(passkey.counter),
          transports: transportsOf(passkey),
        },
      });
      if (!verified) return refuse('rejected', passkey.user_id);
      await attempt.release();
      return {
        ok: true,
        passkey,
        counter: authenticationInfo.newCounter,
        backedUp: authenticationInfo.credentialBackedUp,
        userVerified: authenticationInfo.userVerified,
      };
    } catch {
      // a wrong origin, RP ID, signature, flags or a counter that went backwards
      return refuse('rejected', passkey.user_id);
    }
  }

  /** Records the accepted answer in `ex`; false when a racing answer won or the passkey is gone. */
  recordUse(ex: Executor, result: Extract<AssertionResult, { ok: true }>): Promise<boolean> {
    return store.recordPasskeyUse(ex, {
      id: result.passkey.id,
      userId: result.passkey.user_id,
      counter: result.counter,
      backedUp: result.backedUp,
      now: iso(this.clock.now()),
    });
  }

  /** Housekeeping: forget challenges past their lifetime. */
  async sweep(): Promise<void> {
    await store.deleteChallengesExpiredBefore(this.db, iso(this.clock.now()));
  }
}
