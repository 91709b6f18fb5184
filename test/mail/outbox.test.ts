import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { type ParsedMail, linkIn, parseMail } from '../helpers/mime.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp({ USERHUB_MAIL_POLL_INTERVAL: '100ms' });
});
afterAll(async () => t.close());

const outbox = () => path.join(t.dataDir, 'outbox');

async function waitForFile(to: string, subject: string): Promise<{ file: string; raw: string; mail: ParsedMail }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (fs.existsSync(outbox())) {
      for (const name of fs.readdirSync(outbox())) {
        if (!name.endsWith('.eml')) continue;
        const file = path.join(outbox(), name);
        const raw = fs.readFileSync(file, 'utf8');
        const mail = parseMail(raw);
        if (mail.to === to && mail.subject === subject) return { file, raw, mail };
      }
    }
    if (Date.now() > deadline) throw new Error(`no ${subject} for ${to} in the outbox`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('without USERHUB_SMTP_URL (outbox mode)', () => {
  it('writes each message as a parseable .eml file, private to the owner, and its link finishes the flow', async () => {
    expect(t.app.userhub.services.mail.transportKind).toBe('outbox');
    const user = await t.createUser();
    expect((await t.anonymous().post('/api/v1/auth/password-reset', { email: user.email.toUpperCase() })).status).toBe(202);
    const { file, raw, mail } = await waitForFile(user.email, 'Reset your password');

    expect(path.basename(file)).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-[A-Za-z0-9_-]{22}\.eml$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(raw).toContain('\r\n');
    expect(raw.replace(/\r\n/g, '')).not.toContain('\n');
    expect(mail.from).toBe('Userhub <no-reply@localhost>');
    expect(mail.headers['mime-version']).toBe('1.0');
    expect(mail.headers.date).toBeDefined();
    expect(mail.parts).toEqual(['text/plain', 'text/html']);
    expect(mail.text).toContain('The link works once and for 30 minutes.');
    expect(fs.readdirSync(outbox()).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const { token } = linkIn(mail, 'http://userhub.test', '/reset');
    const html = mail.html.replace(/&amp;/g, '&');
    expect(html).toContain(`href="http://userhub.test/reset?token=${token}"`);
    const res = await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'outbox proves it works 9' });
    expect(res.status, res.text).toBe(204);
    await waitForFile(user.email, 'Your password was changed');
    // delivered messages leave the queue
    const deadline = Date.now() + 5_000;
    while ((await t.app.userhub.database.db.selectFrom('mail_queue').selectAll().execute()).length > 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
