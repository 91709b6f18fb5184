import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Clock } from '../lib/clock.js';
import type { RenderedMail } from './render.js';

/** Where rendered messages go: a real SMTP server, or `.eml` files in the outbox folder. */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  /** Delivers one message; `id` is the queue id, used for an idempotent Message-ID. Returns where it went. */
  send(id: string, mail: RenderedMail): Promise<string>;
  close(): void;
}

/** The domain of the From address, for Message-IDs. */
function fromDomain(from: string): string {
  const match = /@([^\s@<>]+)>?\s*$/.exec(from);
  return match ? (match[1] as string) : 'localhost';
}

function messageOptions(from: string, id: string, mail: RenderedMail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // the same queue row always yields the same Message-ID, so a retried delivery can be recognised
    messageId: `<${id}@${fromDomain(from)}>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send(id, mail) {
      const info = await transporter.sendMail(messageOptions(from, id, mail));
      return `smtp: ${String(info.response ?? 'accepted')}`;
    },
    close: () => transporter.close(),
  };
}

/** Safe, sortable file names: `<time>-<queue id>.eml`. */
function outboxFileName(id: string, now: Date): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${id.replace(/[^A-Za-z0-9_-]/g, '')}.eml`;
}

/**
 * Writes each message as an RFC 5322 `.eml` file (CRLF, multipart text + HTML) into `dir`,
 * atomically (temporary name, then rename) and readable only by the owner: the files can hold
 * single-use links.
 */
export function outboxTransport(dir: string, from: string, clock: Clock): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'outbox',
    async send(id, mail) {
      const info = await composer.sendMail(messageOptions(from, id, mail));
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, outboxFileName(id, clock.now()));
      const temporary = `${file}.tmp`;
      await fs.writeFile(temporary, info.message as Buffer, { mode: 0o600 });
      await fs.rename(temporary, file);
      return `outbox: ${file}`;
    },
    close: () => composer.close(),
  };
}
