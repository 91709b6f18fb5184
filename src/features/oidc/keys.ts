import { type JWK, exportJWK, generateKeyPair } from 'jose';
import type { Db, OidcKeysTable } from '../../db/schema.js';
import { type Clock, iso } from '../../lib/clock.js';
import { newId } from '../../lib/secrets.js';
import type { SecretBox } from '../../lib/secret-box.js';
import * as store from './store.js';

/** What signs ID tokens: ES256 for every client, RS256 for the old ones that know nothing else. */
export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;

/** How long a retired key stays in the JWKS: longer than any token it signed lives. */
const RETIRED_KEY_PUBLISHED_MS = 24 * 3_600_000;

/** How often every node looks for a rotation done elsewhere (and publishes its new keys). */
export const KEY_CHECK_INTERVAL_MS = 10_000;

/**
 * How long a new key is published before it signs: every node has looked for it (and serves it
 * in its JWKS) by then, so an app that meets a new kid on any node finds it in the JWKS.
 */
export const KEY_ACTIVATION_DELAY_MS = 2 * KEY_CHECK_INTERVAL_MS;

export interface SigningKeys {
  /** private JWKs, the signing ones first (one per algorithm), then the retired ones still published */
  keys: JWK[];
}

/** The published keys in signing order, as nodes compare them. */
function versionOf(arranged: OidcKeysTable[]): string {
  return arranged.map((row) => `${row.kid}:${row.retired_at ?? ''}`).join(',');
}

async function newKey(alg: (typeof SIGNING_ALGORITHMS)[number], kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

/**
 * The signing keys every node shares, from `oidc_keys` (private JWKs sealed by the secret box).
 * On the first start a key per algorithm is made; two nodes starting at once agree on the first
 * one stored (fixed initial kids, insert-if-absent). `rotate` adds new ones and retires the old,
 * which stay published until tokens signed with them have expired.
 */
export class OidcKeyStore {
  constructor(
    private readonly db: Db,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  /**
   * What changes when a key is added, retired or starts signing (nodes compare it to see a
   * rotation elsewhere, and the end of a new key's waiting time).
   */
  async version(): Promise<string> {
    return versionOf(this.arrange(await store.listKeys(this.db)));
  }

  /** The keys and their version, from one read at one moment (a version from another moment could hide a signer change). */
  async load(): Promise<SigningKeys & { version: string }> {
    let rows = await store.listKeys(this.db);
    for (const alg of SIGNING_ALGORITHMS) {
      if (!rows.some((row) => row.alg === alg && row.retired_at === null)) {
        await this.insert(await newKey(alg, `initial-${alg.toLowerCase()}`));
      }
    }
    rows = await store.listKeys(this.db);
    const arranged = this.arrange(rows);
    return { keys: arranged.map((row) => JSON.parse(this.secretBox.open(row.private_jwk)) as JWK), version: versionOf(arranged) };
  }

  /**
   * The keys to publish, the signing one of each algorithm first (the library signs with the
   * first that fits): the newest key published for KEY_ACTIVATION_DELAY_MS, or the newest at all
   * when none is that old (the first start). Retired keys stay published while tokens they
   * signed may live (ID and logout tokens: 1 hour).
   */
  private arrange(rows: OidcKeysTable[]): OidcKeysTable[] {
    const now = this.clock.nowMs();
    const cutoff = iso(new Date(now - RETIRED_KEY_PUBLISHED_MS));
    const activeBy = iso(new Date(now - KEY_ACTIVATION_DELAY_MS));
    const published = rows.filter((row) => row.retired_at === null || row.retired_at > cutoff).sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    const signers = SIGNING_ALGORITHMS.map((alg) => {
      const ofAlg = published.filter((row) => row.alg === alg);
      return ofAlg.find((row) => row.created_at <= activeBy) ?? ofAlg[0];
    }).filter((row): row is OidcKeysTable => row !== undefined);
    return [...signers, ...published.filter((row) => !signers.includes(row))];
  }

  private async insert(jwk: JWK): Promise<void> {
    await store.insertKey(this.db, {
      kid: jwk.kid as string,
      alg: jwk.alg as string,
      private_jwk: this.secretBox.seal(JSON.stringify(jwk)),
      created_at: iso(this.clock.now()),
      retired_at: null,
    });
  }

  /**
   * New keys for every algorithm, published at once; they sign once every node has published
   * them (KEY_ACTIVATION_DELAY_MS), the previous ones until then. The previous ones retire (still
   * published).
   */
  async rotate(): Promise<string[]> {
    // made before the transaction: a key pair takes a while (RSA), and no write lock may be held meanwhile
    const jwks = await Promise.all(SIGNING_ALGORITHMS.map((alg) => newKey(alg, newId())));
    const now = iso(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await store.retireActiveKeys(trx, now);
      for (const jwk of jwks) {
        await store.insertKey(trx, {
          kid: jwk.kid as string,
          alg: jwk.alg as string,
          private_jwk: this.secretBox.seal(JSON.stringify(jwk)),
          created_at: now,
          retired_at: null,
        });
      }
    });
    return jwks.map((jwk) => jwk.kid as string);
  }
}
