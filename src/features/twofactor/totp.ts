import { Secret, TOTP } from 'otpauth';
import { constantTimeEqual } from '../../lib/secrets.js';

/**
 * The TOTP parameters every authenticator app reads (Google Authenticator, Microsoft
 * Authenticator, FreeOTP): RFC 6238 with HMAC-SHA1, 6 digits, 30-second steps, 160-bit secrets.
 */
export const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
export const TOTP_SECRET_BYTES = 20;
/** Steps accepted either side of the current one (clock drift of the phone). */
export const TOTP_DRIFT_STEPS = 1;

/** A fresh random secret, base32 without padding (160 bits = 32 characters, never padded). */
export function newTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

function totpOf(secretBase32: string, digits: number = TOTP_PARAMETERS.digits): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(secretBase32),
    algorithm: TOTP_PARAMETERS.algorithm,
    digits,
    period: TOTP_PARAMETERS.period,
  });
}

/** The 30 s step a moment falls in (RFC 6238's T). */
export function stepAt(timestampMs: number): number {
  return TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp: timestampMs });
}

/**
 * The code for a moment. `digits` exists for the RFC 6238 test vectors (8 digits); the
 * application always uses TOTP_PARAMETERS.digits.
 */
export function totpCode(secretBase32: string, timestampMs: number, digits: number = TOTP_PARAMETERS.digits): string {
  return totpOf(secretBase32, digits).generate({ timestamp: timestampMs });
}

/**
 * The `otpauth://totp/<issuer>:<account>?issuer=<issuer>&secret=…&algorithm=SHA1&digits=6&period=30`
 * key URI that authenticator apps scan.
 */
export function otpauthUri(secretBase32: string, issuer: string, account: string): string {
  const totp = totpOf(secretBase32);
  totp.issuer = issuer;
  totp.label = account;
  totp.issuerInLabel = true;
  return totp.toString();
}

/** Six digits, with spaces people type from the app's display ("123 456") allowed. */
export function normalizeTotpInput(code: string): string | null {
  const compact = code.replace(/\s+/g, '');
  return /^\d{6}$/.test(compact) ? compact : null;
}

/**
 * The steps within the drift window (current ±1) whose code equals `code`, highest first.
 * Every candidate is computed and compared in constant time, so timing says nothing about
 * which step matched. Empty when the code is malformed or wrong.
 */
export function matchingSteps(secretBase32: string, code: string, timestampMs: number): number[] {
  const normalized = normalizeTotpInput(code);
  const current = stepAt(timestampMs);
  const totp = totpOf(secretBase32);
  const matches: number[] = [];
  for (let step = current + TOTP_DRIFT_STEPS; step >= current - TOTP_DRIFT_STEPS; step--) {
    const expected = totp.generate({ timestamp: step * TOTP_PARAMETERS.period * 1000 });
    if (constantTimeEqual(expected, normalized ?? '') && normalized !== null) matches.push(step);
  }
  return matches;
}
