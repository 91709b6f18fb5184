import type { Db } from '../../db/schema.js';
import { type Clock, iso } from '../../lib/clock.js';
import * as store from './store.js';

/** A model's payload as oidc-provider hands it over (its shape is the library's business). */
export type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; accountId?: string; consumed?: number };

/** Where the Client model comes from: the apps registry. */
export interface ClientSource {
  clientMetadata(id: string): Promise<Record<string, unknown> | undefined>;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * oidc-provider's storage on Kysely, one table for every model (`oidc_models`, keyed by kind
 * and id), on SQLite and PostgreSQL alike. Rows past their expiry are never returned and are
 * swept by housekeeping. The Client model is read from the apps registry instead.
 */
export function kyselyAdapter(db: Db, clock: Clock, clients: ClientSource) {
  return class KyselyAdapter {
    constructor(readonly name: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      await store.upsertModel(db, {
        kind: this.name,
        id,
        payload: JSON.stringify(payload),
        grant_id: str(payload.grantId),
        uid: str(payload.uid),
        user_code: str(payload.userCode),
        account_id: str(payload.accountId),
        expires_at: expiresIn ? iso(new Date(clock.nowMs() + expiresIn * 1000)) : null,
        consumed_at: null,
      });
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.name === 'Client') return clients.clientMetadata(id);
      return this.read('id', id);
    }

    findByUid(uid: string): Promise<Payload | undefined> {
      return this.read('uid', uid);
    }

    findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.read('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      // the library checked `consumed` before: a racing request (another node) that also passed
      // that check must fail here, or one code would give two token sets
      if (!(await store.consumeModel(db, this.name, id, iso(clock.now())))) throw new Error(`${this.name} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      await store.destroyModel(db, this.name, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.destroyByGrantId(db, this.name, grantId);
    }

    private async read(by: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
      const row = await store.findModel(db, this.name, by, value, iso(clock.now()));
      if (!row) return undefined;
      const payload = JSON.parse(row.payload) as Payload;
      return row.consumed_at ? { ...payload, consumed: Math.floor(Date.parse(row.consumed_at) / 1000) } : payload;
    }
  };
}
