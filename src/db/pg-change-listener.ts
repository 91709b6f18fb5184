import pg from 'pg';
import type { ChangeEpoch } from './change-epoch.js';

/** The PostgreSQL channel every node announces its committed writes on. */
export const CHANGES_CHANNEL = 'userhub_changes';
const RECONNECT_DELAY_MS = 1000;

/**
 * Listens for other nodes' (and the CLI's) committed writes and moves the epoch. Until it
 * listens, and whenever the connection is lost, the epoch is untrusted and caches are bypassed.
 */
export class PgChangeListener {
  #client: pg.Client | null = null;
  #retry: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly epoch: ChangeEpoch,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.epoch.setTrusted(false);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', () => this.epoch.bump());
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.epoch.setTrusted(true);
  }

  private lost(client: pg.Client): void {
    if (this.#client === client) this.#client = null;
    if (this.#client === null) this.epoch.setTrusted(false);
    client.end().catch(() => undefined);
    if (this.#stopped || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.connect();
    }, RECONNECT_DELAY_MS);
    this.#retry.unref();
  }
}
