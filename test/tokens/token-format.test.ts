import type { MailService } from '../../src/mail/service.js';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TokenService } from '../../src/features/tokens/service.js';
import type { ActivityService } from '../../src/features/activity/service.js';
import type { Db } from '../../src/db/schema.js';
import { systemClock } from '../../src/lib/clock.js';
import {
  API_TOKEN_PREFIX,
  APP_SECRET_PREFIX,
  BASE62,
  base62,
  checksum,
  displayPrefix,
  generateSecret,
  isWellFormedSecret,
} from '../../src/lib/token-format.js';

/** Replaces the character at `index` with a different base62 character. */
function alter(value: string, index: number): string {
  const current = value[index] as string;
  const replacement = BASE62[(BASE62.indexOf(current) + 1) % 62] as string;
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

describe('token format', () => {
  it('CRC32 is the standard one (IEEE 802.3: "123456789" → cbf43926)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('base62 pads to the width and covers the whole 32-bit range in 6 characters', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 6)).toBe('00000z');
    expect(base62(62, 6)).toBe('000010');
    expect(base62(0xffffffff, 6)).toBe('4gfFC3');
    expect(base62(0xffffffff, 6)).toHaveLength(6);
  });

  it('a token is uh_ + 32 base62 + the 6-character base62 CRC32 of everything before it', () => {
    const token = generateSecret(API_TOKEN_PREFIX);
    expect(token).toMatch(/^uh_[0-9A-Za-z]{38}$/);
    const body = token.slice(0, -6);
    expect(token.slice(-6)).toBe(base62(crc32(body), 6));
    expect(checksum(body)).toBe(token.slice(-6));
    expect(isWellFormedSecret(token, API_TOKEN_PREFIX)).toBe(true);
  });

  it('tokens are unique and use the whole alphabet (no visible bias over many draws)', () => {
    const tokens = Array.from({ length: 2000 }, () => generateSecret(API_TOKEN_PREFIX));
    expect(new Set(tokens).size).toBe(tokens.length);
    const counts = new Map<string, number>();
    for (const token of tokens) for (const c of token.slice(3, 35)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (2000 * 32) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });

  it('any single changed character, in the random part or the checksum, is detected', () => {
    const token = generateSecret(API_TOKEN_PREFIX);
    for (let i = API_TOKEN_PREFIX.length; i < token.length; i++) {
      expect(isWellFormedSecret(alter(token, i), API_TOKEN_PREFIX), `position ${i}`).toBe(false);
    }
  });

  it.each([
    ['empty', ''],
    ['prefix only', 'uh_'],
    ['one character short', () => generateSecret(API_TOKEN_PREFIX).slice(0, -1)],
    ['one character long', () => `${generateSecret(API_TOKEN_PREFIX)}0`],
    ['wrong prefix', () => `xx_${generateSecret(API_TOKEN_PREFIX).slice(3)}`],
    ['upper-case prefix', () => `UH_${generateSecret(API_TOKEN_PREFIX).slice(3)}`],
    ['non-base62 characters', () => `uh_${'-'.repeat(38)}`],
    ['an app secret', () => generateSecret(APP_SECRET_PREFIX)],
    ['a Cyrillic look-alike character', () => { const t = generateSecret(API_TOKEN_PREFIX); return `${t.slice(0, 5)}а${t.slice(6)}`; }],
    ['trailing newline', () => `${generateSecret(API_TOKEN_PREFIX)}\n`],
  ])('refuses %s', (_name, value) => {
    const candidate = typeof value === 'function' ? value() : value;
    expect(isWellFormedSecret(candidate, API_TOKEN_PREFIX)).toBe(false);
  });

  it('app secrets use their own prefix and the same checksum', () => {
    const secret = generateSecret(APP_SECRET_PREFIX);
    expect(secret).toMatch(/^uha_[0-9A-Za-z]{38}$/);
    expect(isWellFormedSecret(secret, APP_SECRET_PREFIX)).toBe(true);
    expect(isWellFormedSecret(alter(secret, 10), APP_SECRET_PREFIX)).toBe(false);
  });

  it('the display prefix is the prefix and 4 random characters, nothing more', () => {
    const token = generateSecret(API_TOKEN_PREFIX);
    expect(displayPrefix(token, API_TOKEN_PREFIX)).toBe(token.slice(0, 7));
  });

  it('a token with a bad checksum is refused before any database work', async () => {
    const untouchable = new Proxy({} as Db, {
      get() {
        throw new Error('the database was touched');
      },
    });
    const tokens = new TokenService({
      db: untouchable,
      clock: systemClock,
      users: { lockRow: async () => true },
      activity: {} as ActivityService,
      mail: {} as MailService,
      settings: { current: async () => ({ maxTokenLifetimeDays: null }) },
      lookups: null,
    });
    const token = generateSecret(API_TOKEN_PREFIX);
    const client = () => ({ ip: '127.0.0.1', userAgent: 'test' });
    expect(await tokens.authenticate(alter(token, 10), client)).toBeNull();
    expect(await tokens.authenticate(alter(token, token.length - 1), client)).toBeNull();
    expect(await tokens.authenticate('uh_notatoken', client)).toBeNull();
    await expect(tokens.authenticate(token, client)).rejects.toThrow('the database was touched');
  });
});
