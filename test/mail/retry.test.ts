import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/mail/service.js';
import { STRONG_PASSWORD } from '../helpers/app.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { linkIn, parseMail } from '../helpers/mime.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const queueRows = (recipient: string) =>
  t.app.userhub.database.db.selectFrom('mail_queue').selectAll().where('recipient', '=', recipient).execute();

async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the worker has failed `attempts` times at the user's one queued message (an error is set once an attempt is over). */
const attemptsReached = (recipient: string, attempts: number) =>
  waitUntil(async () => {
    const [row] = await queueRows(recipient);
    return row && row.attempts >= attempts && row.last_error !== null ? row : null;
  });

describe('a failed send', () => {
  it('given an SMTP server answering 550, then the request still succeeds, the mail stays queued and is delivered once the server accepts', async () => {
    const { user, client } = await t.signedInUser();
    t.smtp.refuse = true;
    try {
      const res = await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: 'another good passphrase 1' });
      expect(res.status).toBe(204);
      const row = await attemptsReached(user.email, 1);
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/550/);
      expect(Date.parse(row.next_attempt_at) - t.clock.now().getTime()).toBeGreaterThan(retryDelayMs(1) - 5_000);
      expect(Date.parse(row.next_attempt_at) - t.clock.now().getTime()).toBeLessThanOrEqual(retryDelayMs(1));
      // the rendered message is sealed at rest
      expect(row.payload).toMatch(/^v1\./);
      expect(row.payload).not.toContain('password');
      expect(t.smtp.to(user.email)).toEqual([]);
    } finally {
      t.smtp.refuse = false;
    }
    // not yet due: nothing happens
    await t.drain();
    expect(t.smtp.to(user.email)).toEqual([]);
    t.clock.advance(retryDelayMs(1) + 1_000);
    const mail = await t.smtp.waitFor(user.email, (m) => m.subject === 'Your password was changed');
    expect(mail.text).toContain(user.username);
    // the row goes once the server's 250 is back
    await waitUntil(async () => (await queueRows(user.email)).length === 0);
    await t.drain();
    expect(t.smtp.to(user.email)).toHaveLength(1);
  });

  it('given the SMTP server down, then a reset mail waits in the queue, goes out when it is back, and its link works', async () => {
    const user = await t.createUser();
    await t.smtp.stop();
    try {
      const res = await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username });
      expect(res.status).toBe(202);
      const row = await attemptsReached(user.email, 1);
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(row.payload).not.toContain('token=');
    } finally {
      await t.smtp.restart();
    }
    t.clock.advance(retryDelayMs(1) + 1_000);
    const mail = await t.smtp.waitFor(user.email, (m) => m.subject === 'Reset your password');
    const { token } = linkIn(mail, 'http://userhub.test', '/reset');
    const confirm = await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'recovered at last 2024' });
    expect(confirm.status, confirm.text).toBe(204);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'recovered at last 2024' })).status).toBe(200);
  });

  it('backs off exponentially, and after the last attempt keeps the message as an .eml in the outbox', async () => {
    const { user } = await t.signedInUser();
    t.smtp.refuse = true;
    try {
      await t.app.userhub.services.mail.notify(user.id, 'twofactor_disabled', {});
      let previous = await attemptsReached(user.email, 1);
      for (let attempt = 2; attempt <= MAX_ATTEMPTS - 1; attempt++) {
        const delay = retryDelayMs(attempt - 1);
        expect(Date.parse(previous.next_attempt_at) - t.clock.now().getTime()).toBeLessThanOrEqual(delay);
        t.clock.advance(delay + 1_000);
        previous = await attemptsReached(user.email, attempt);
      }
      expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
      expect(retryDelayMs(MAX_ATTEMPTS)).toBe(3_600_000);
      const refusalsBefore = t.smtp.refusals;
      t.clock.advance(retryDelayMs(MAX_ATTEMPTS - 1) + 1_000);
      await waitUntil(async () => (await queueRows(user.email)).length === 0);
      // the last attempt was made (other queued mail of this app may be refused meanwhile too)
      expect(t.smtp.refusals).toBeGreaterThanOrEqual(refusalsBefore + 1);
    } finally {
      t.smtp.refuse = false;
    }
    const outbox = path.join(t.dataDir, 'outbox');
    const kept = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')).map((f) => parseMail(fs.readFileSync(path.join(outbox, f), 'utf8')));
    const mail = kept.find((m) => m.to === user.email);
    expect(mail?.subject).toBe('Two-factor authentication was turned off');
    expect(t.smtp.to(user.email)).toEqual([]);
  });
});
