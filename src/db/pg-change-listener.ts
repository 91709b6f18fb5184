import pg from 'pg';
import type { ChangeSignal } from './change-signal.js';

/** The channel the settings table's trigger notifies on (migration 0008). */
export const SETTINGS_CHANNEL = 'userhub_settings';
/** How the listener's connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'userhub-listener';
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * A dedicated PostgreSQL connection that LISTENs for a channel's notifications, so that a node
 * drops its cached settings when any node (or the CLI) changes them: the notice is sent by a
 * trigger as the change commits. While the connection is down `version()` is null, so the
 * cache is bypassed and every read goes to the database; on reconnecting the version moves
 * (notices may have been missed meanwhile).
 */
export class PgChangeListener implements ChangeSignal {
  #version = 0;
  #connected = false;
  #client: pg.Client | null = null;
  #retryMs = RETRY_MIN_MS;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  version(): number | null {
    return this.#connected ? this.#version : null;
  }

  /** Starts listening; resolves once the first attempt connected or failed (it retries on its own). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.#closed) return;
    // keep-alive: a connection that died without a word is noticed (until then the age limit of the cache bounds staleness)
    const client = new pg.Client({ connectionString: this.connectionString, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    this.#client = client;
    const lost = () => {
      if (this.#client !== client) return;
      this.#connected = false;
      this.#client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.#version++;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.#client !== client) return;
      this.#version++;
      this.#connected = true;
      this.#retryMs = RETRY_MIN_MS;
    } catch {
      lost();
    }
  }

  private retry(): void {
    if (this.#closed || this.#timer) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.connect();
    }, delay);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#connected = false;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    if (client) await client.end().catch(() => {});
  }
}
