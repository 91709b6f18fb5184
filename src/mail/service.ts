import path from 'node:path';
import type { Config } from '../config.js';
import type { Db, Executor, UserRow } from '../db/schema.js';
import { type Clock, addMs, iso } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Budget } from '../lib/rate-budget.js';
import type { SecretBox } from '../lib/secret-box.js';
import { newId } from '../lib/secrets.js';
import { type AnyNotice, type LinkMail, type UndoNotice, linkMailBudgets, noticeBudgets } from './budgets.js';
import * as queue from './queue-store.js';
import { type RenderedMail, render } from './render.js';
import { type NoticeName, type TemplateName, type TemplateVars, compose } from './templates.js';
import { deleteSpentBefore } from './link-store.js';
import { issueMailLink } from './links.js';
import { wantsNotice } from './notice-preferences.js';
import type { ClientInfo } from '../http/client-info.js';
import { describeUserAgent } from '../lib/user-agent.js';
import { type MailTransport, outboxTransport, smtpTransport } from './transport.js';

/** After this many failed attempts a message is given up on the transport and kept in the outbox. */
export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;
/** A claimed message is not taken by another worker for this long (longer than any SMTP timeout). */
const LEASE_MS = 120_000;
const BATCH = 20;
/** Used and expired mailed links are forgotten a day later. */
const LINK_RETENTION_MS = 86_400_000;

/** Delay before the next attempt after `attempts` failures: 30 s, 1 min, 2 min, … at most 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

export interface MailSettings {
  origin: string;
  from: string;
  /** product name in the mail footer */
  product: string;
  pollIntervalMs: number;
}

function formatTime(now: Date, language: string, timeZone: string): string {
  try {
    return `${new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(now)} (${timeZone})`;
  } catch {
    return `${new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(now)} (UTC)`;
  }
}

/** The rate budgets mail spends (the budgets feature's Budgets): exact under concurrency, see there. */
export interface MailBudgets {
  /** @returns 0 when spent, else the seconds until there is room again */
  spend(ex: Executor, budgets: readonly Budget[]): Promise<number>;
  /** @throws 429 rate_limited with Retry-After when a budget is spent */
  spendOrRefuse(ex: Executor, budgets: readonly Budget[]): Promise<void>;
  /** counts a use without checking */
  record(ex: Executor, keys: readonly string[]): Promise<void>;
}

/** Who mail goes to, by user id (the users feature). */
export interface MailRecipients {
  findById(id: string): Promise<UserRow | undefined>;
}

/** What {@link MailService.reserve} hands out: one link mail of `kind` to `to`, already counted. */
export interface MailPermit<K extends LinkMail = LinkMail> {
  readonly kind: K;
  readonly userId: string;
  readonly to: string;
}

/** How long the "this wasn't me" link of a security notice works (single use). */
export const LOCKDOWN_LINK_TTL_MS = 7 * 24 * 3_600_000;

/** The browser, OS and address a notice names (unknown parts as "?"). */
function describeClient(client: ClientInfo): { browser: string; os: string; ip: string } {
  const { browser, os } = describeUserAgent(client.userAgent);
  return { browser: browser ?? '?', os: os ?? '?', ip: client.ip };
}

const UNDO_NOTICES: ReadonlySet<AnyNotice> = new Set<UndoNotice>(['email_changed', 'recovery_email_changed']);

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500);
}

export interface MailServiceOptions {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  budgets: MailBudgets;
  recipients: MailRecipients;
  transport: MailTransport;
  /** where messages go when the transport gave up on them (the outbox, in SMTP mode) */
  fallback: MailTransport | null;
  settings: MailSettings;
  log: Logger;
}

/**
 * Outgoing mail. Messages are rendered in the recipient's language, sealed and written to the
 * `mail_queue` table inside the caller's transaction (so a change and its mail commit together);
 * an in-process worker delivers them with retries and exponential back-off. A failed send never
 * fails the request that caused it.
 */
export class MailService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** set by stop(): a run in progress finishes the message at hand and goes no further */
  private closing = false;
  /** permits handed out by reserve() and not yet used */
  private readonly permits = new WeakSet<MailPermit>();

  private readonly db: Db;
  private readonly clock: Clock;
  private readonly secretBox: SecretBox;
  private readonly budgets: MailBudgets;
  private readonly recipients: MailRecipients;
  private readonly transport: MailTransport;
  private readonly fallback: MailTransport | null;
  private readonly settings: MailSettings;
  private readonly log: Logger;

  constructor(options: MailServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.secretBox = options.secretBox;
    this.budgets = options.budgets;
    this.recipients = options.recipients;
    this.transport = options.transport;
    this.fallback = options.fallback;
    this.settings = options.settings;
    this.log = options.log;
  }

  get transportKind(): MailTransport['kind'] {
    return this.transport.kind;
  }

  /**
   * The budgets of every mail, in one place (see ./budgets.ts). A link mail (reset, address
   * confirmation) is reserved here *before* the caller's transaction, in one of its own
   * (Budgets.spend: exact, so racing requests neither exceed the budget nor refuse each other).
   * @throws 429 rate_limited with Retry-After when the recipient or the user has had its share
   */
  async reserve<K extends LinkMail>(userId: string, to: string, kind: K): Promise<MailPermit<K>> {
    await this.budgets.spendOrRefuse(this.db, linkMailBudgets(userId, to, kind));
    const permit: MailPermit<K> = Object.freeze({ kind, userId, to });
    this.permits.add(permit);
    return permit;
  }

  /** Queues the link mail a permit was reserved for, in the caller's transaction (kick after commit). */
  async enqueueLink<K extends LinkMail>(ex: Executor, user: UserRow, permit: MailPermit<K>, vars: TemplateVars[K]): Promise<void> {
    if (!this.permits.delete(permit) || permit.userId !== user.id) throw new Error('a link mail needs its own permit from reserve()');
    await this.queue(ex, user, permit.to, permit.kind, vars);
  }

  /**
   * Queues a notice to the user's primary address, inside `ex` when given (then kick after
   * commit). `new_sign_in` is skipped when the user turned it off; a notice over its budget is
   * dropped and logged (notices with an undo link are counted but always sent).
   * @returns whether a message was queued
   */
  async enqueueNotice<K extends AnyNotice>(ex: Executor, user: UserRow, notice: K, vars: TemplateVars[K], client: ClientInfo | null = null): Promise<boolean> {
    if (!wantsNotice(user, notice)) return false;
    const budgets = noticeBudgets(user.id, user.email);
    if (UNDO_NOTICES.has(notice)) {
      await this.budgets.record(ex, budgets.map((budget) => budget.key));
    } else if (!(await this.takeNoticeBudget(ex, budgets))) {
      this.log.warn({ notice, userId: user.id }, 'notice budget spent; notice dropped');
      return false;
    }
    // the link keeps the address it went to: a lockdown from it mails the reset there, to the
    // mailbox that read the notice (an intruder may have changed the account's addresses since)
    const lockdown = await issueMailLink(ex, { userId: user.id, purpose: 'lockdown', email: user.email, now: this.clock.now(), ttlMs: LOCKDOWN_LINK_TTL_MS, replace: false });
    await this.queue(ex, user, user.email, notice, { ...vars, ...(client ? { client: describeClient(client) } : {}) }, `${this.settings.origin}/lockdown?token=${lockdown}`);
    return true;
  }

  /**
   * The account is being deleted: a last notice to the primary and the recovery address, inside
   * the deleting transaction (kick after commit). Not budgeted: it happens once per account.
   */
  async enqueueAccountDeleted(ex: Executor, user: UserRow): Promise<void> {
    for (const to of new Set([user.email, user.recovery_email ?? user.email])) await this.queue(ex, user, to, 'account_deleted', {});
  }

  /**
   * The first invitation of a new account, inside the creating transaction (kick after commit).
   * Not budgeted: it happens once per account; sending it again is a link mail (reserve, then
   * enqueueLink with kind `invitation`).
   */
  async enqueueInvitation(ex: Executor, user: UserRow, vars: TemplateVars['invitation']): Promise<void> {
    await this.queue(ex, user, user.email, 'invitation', vars);
  }

  /** Exact under any concurrency (Budgets.spend): inside `ex` when it is a transaction, else on its own. */
  private async takeNoticeBudget(ex: Executor, budgets: ReturnType<typeof noticeBudgets>): Promise<boolean> {
    return (await this.budgets.spend(ex, budgets)) === 0;
  }

  /** Renders the template for `user` (language, time zone, name) and queues it to `to` in `ex`. */
  private async queue<K extends TemplateName>(ex: Executor, user: UserRow, to: string, template: K, vars: TemplateVars[K], lockdownLink?: string): Promise<void> {
    const now = this.clock.now();
    const content = compose(template, user.language, {
      name: user.display_name,
      username: user.username,
      time: formatTime(now, user.language, user.timezone),
      origin: this.settings.origin,
      ...(lockdownLink ? { lockdownLink } : {}),
      ...vars,
    });
    const mail = render(content, to, user.language, this.settings.product, this.settings.origin);
    await queue.insertMail(ex, {
      id: newId(),
      recipient: to,
      template,
      payload: this.secretBox.seal(JSON.stringify(mail)),
      status: 'pending',
      attempts: 0,
      next_attempt_at: iso(now),
      last_error: null,
      created_at: iso(now),
    });
  }

  /**
   * The notices API for other features, called after their change committed, e.g.
   * `await mail.notify(userId, 'twofactor_disabled', {})` or
   * `await mail.notify(userId, 'token_created', { tokenName })`. Never throws: a notice that
   * cannot be queued is logged, the caller's request still succeeds.
   */
  async notify<K extends NoticeName>(userId: string, notice: K, vars: TemplateVars[K], client: ClientInfo | null = null): Promise<void> {
    try {
      const user = await this.recipients.findById(userId);
      if (user && (await this.enqueueNotice(this.db, user, notice, vars, client))) this.kick();
    } catch (error) {
      this.log.error({ err: error, notice, userId }, 'could not queue a notice');
    }
  }

  /** Wakes the worker now (after a transaction that queued mail has committed). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Starts the background worker of this process (buildApp does; every node runs one). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the worker, waiting for a delivery in progress, and closes the transports. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.transport.close();
    this.fallback?.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.processDue()
      .then(
        () => undefined,
        (error: unknown) => this.log.error({ err: error }, 'mail worker failed; will try again'),
      )
      .finally(() => {
        this.running = null;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.settings.pollIntervalMs);
      });
  }

  /**
   * Delivers every message that is due now (what the worker does on each tick); safe to run on
   * many nodes at once: each message is claimed by one. Returns how many were delivered.
   */
  async processDue(): Promise<number> {
    let delivered = 0;
    for (let round = 0; round < 50 && !this.closing; round++) {
      const now = this.clock.now();
      const rows = await queue.findDue(this.db, iso(now), BATCH);
      let claimed = 0;
      for (const row of rows) {
        if (this.closing) break;
        if (!(await queue.claim(this.db, row.id, row.next_attempt_at, iso(addMs(now, LEASE_MS))))) continue;
        claimed++;
        if (await this.deliver({ ...row, attempts: row.attempts + 1 })) delivered++;
      }
      if (rows.length < BATCH || claimed === 0) break;
    }
    return delivered;
  }

  private async deliver(row: { id: string; template: string; recipient: string; payload: string; attempts: number }): Promise<boolean> {
    const context = { mailId: row.id, template: row.template, to: row.recipient, attempts: row.attempts };
    let mail: RenderedMail;
    try {
      mail = JSON.parse(this.secretBox.open(row.payload)) as RenderedMail;
    } catch (error) {
      await queue.markDead(this.db, row.id, 'the payload cannot be opened with this secret key');
      this.log.error({ ...context, err: error }, 'mail payload cannot be opened; given up');
      return false;
    }
    try {
      const where = await this.transport.send(row.id, mail);
      await queue.deleteById(this.db, row.id);
      this.log.info({ ...context, where }, 'mail sent');
      return true;
    } catch (error) {
      const reason = reasonOf(error);
      if (row.attempts < MAX_ATTEMPTS) {
        const next = addMs(this.clock.now(), retryDelayMs(row.attempts));
        await queue.reschedule(this.db, row.id, iso(next), reason);
        this.log.warn({ ...context, reason, nextAttemptAt: iso(next) }, 'mail delivery failed; will retry');
        return false;
      }
      await this.giveUp(row.id, mail, reason, context);
      return false;
    }
  }

  /** Out of attempts: the message is kept in the outbox (SMTP mode) or marked dead in the queue. */
  private async giveUp(id: string, mail: RenderedMail, reason: string, context: Record<string, unknown>): Promise<void> {
    if (this.fallback) {
      try {
        const where = await this.fallback.send(id, mail);
        await queue.deleteById(this.db, id);
        this.log.error({ ...context, reason, where }, 'mail could not be delivered; kept in the outbox');
        return;
      } catch (error) {
        this.log.error({ ...context, err: error }, 'mail could not be written to the outbox either');
      }
    }
    await queue.markDead(this.db, id, reason);
    this.log.error({ ...context, reason }, 'mail could not be delivered; marked dead in the queue');
  }

  /** Housekeeping: forgets mailed links used or expired more than a day ago. */
  async sweep(): Promise<void> {
    await deleteSpentBefore(this.db, iso(addMs(this.clock.now(), -LINK_RETENTION_MS)));
  }
}

/**
 * SMTP when `USERHUB_SMTP_URL` is set (undeliverable messages end in the outbox), else every
 * message is written to `<data dir>/outbox/` as an `.eml` file.
 */
export function createMailService(
  options: Omit<MailServiceOptions, 'transport' | 'fallback' | 'settings'> & { config: Config },
): MailService {
  const { config, ...rest } = options;
  const outbox = outboxTransport(path.join(config.dataDir, 'outbox'), config.mailFrom, options.clock);
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : outbox;
  return new MailService({
    ...rest,
    transport,
    fallback: config.smtpUrl ? outbox : null,
    settings: { origin: config.origin, from: config.mailFrom, product: config.issuer, pollIntervalMs: config.mailPollIntervalMs },
  });
}
