import { URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TOTP_PARAMETERS,
  matchingSteps,
  newTotpSecret,
  otpauthUri,
  stepAt,
  totpCode,
} from '../../src/features/twofactor/totp.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { runOathtool } from '../helpers/oathtool.js';

// RFC 6238 Appendix B: the SHA1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_SHA1_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('the TOTP configuration', () => {
  it('is RFC 6238 with SHA1, 6 digits and 30 s steps', () => {
    expect(TOTP_PARAMETERS).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 });
  });

  it.each(RFC_SHA1_VECTORS)('at T=%i s gives the RFC 6238 Appendix B SHA1 value %s (8-digit variant of the same algorithm)', (seconds, expected) => {
    expect(totpCode(RFC_SECRET_BASE32, seconds * 1000, 8)).toBe(expected);
    // the 6-digit code the app uses is the same HMAC truncated mod 10^6: the last six digits
    expect(totpCode(RFC_SECRET_BASE32, seconds * 1000)).toBe(expected.slice(-6));
  });

  it.each(RFC_SHA1_VECTORS)('accepts the 6-digit form of the vector at T=%i s, within ±1 step only', (seconds, expected) => {
    const code = expected.slice(-6);
    const ms = seconds * 1000;
    expect(matchingSteps(RFC_SECRET_BASE32, code, ms)).toContain(stepAt(ms));
    expect(matchingSteps(RFC_SECRET_BASE32, code, ms + 30_000)).toContain(stepAt(ms));
    expect(matchingSteps(RFC_SECRET_BASE32, code, ms - 30_000)).toContain(stepAt(ms));
    expect(matchingSteps(RFC_SECRET_BASE32, code, ms + 90_000)).toEqual([]);
    expect(matchingSteps(RFC_SECRET_BASE32, code, ms - 90_000)).toEqual([]);
  });

  it('agrees with the RFC vectors as computed by oathtool (8 digits), so the two implementations are comparable', () => {
    for (const [seconds, expected] of RFC_SHA1_VECTORS.slice(0, 5)) {
      const out = runOathtool(['--totp', '-d', '8', '-b', RFC_SECRET_BASE32, '--now', `@${seconds}`]);
      expect(out).toBe(expected);
    }
  });

  it('makes 160-bit secrets, base32 without padding, different every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newTotpSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 160 bits, no '='
    }
  });

  it('produces the same codes as oathtool for fresh secrets at many moments', () => {
    const secret = newTotpSecret();
    const start = Date.parse('2030-05-06T07:08:09Z');
    for (let i = 0; i < 20; i++) {
      const ms = start + i * 7_919_000;
      const out = runOathtool(['--totp', '-b', secret, '--now', `@${Math.floor(ms / 1000)}`]);
      expect(totpCode(secret, ms)).toBe(out);
    }
  });

  it('refuses malformed input without throwing', () => {
    const now = Date.now();
    for (const code of ['12345', 'abcdef', '1234567', '', '12 34 5', '１２３４５６', '-12345', '123456\n7']) {
      expect(matchingSteps(RFC_SECRET_BASE32, code, now)).toEqual([]);
    }
  });

  it('writes an otpauth URI authenticator apps read: issuer in label and parameter, SHA1/6/30', () => {
    const secret = newTotpSecret();
    const uri = otpauthUri(secret, 'Acme Cloud', 'alice@example.com');
    expect(uri.startsWith('otpauth://totp/Acme%20Cloud:alice%40example.com?')).toBe(true);
    const params = new URL(uri).searchParams;
    expect(params.get('issuer')).toBe('Acme Cloud');
    expect(params.get('secret')).toBe(secret);
    expect(params.get('algorithm')).toBe('SHA1');
    expect(params.get('digits')).toBe('6');
    expect(params.get('period')).toBe('30');
    const parsed = URI.parse(uri);
    expect(parsed).toMatchObject({ issuer: 'Acme Cloud', label: 'alice@example.com', digits: 6, algorithm: 'SHA1' });
  });
});

describe('POST /api/v1/profile/twofactor/totp/setup with USERHUB_ISSUER', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupApp({ USERHUB_ISSUER: 'Example Hub' });
  });
  afterAll(async () => t.close());

  it('labels the key <issuer>:<primary email> with issuer= the configured issuer', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.post('/api/v1/profile/twofactor/totp/setup');
    expect(res.status).toBe(200);
    const uri = new URL(res.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Example Hub:${user.email}`);
    expect(uri.searchParams.get('issuer')).toBe('Example Hub');
    expect(uri.searchParams.get('secret')).toBe(res.body.secret);
  });
});
