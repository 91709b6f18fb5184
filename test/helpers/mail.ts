import { expect } from 'vitest';
import { TEST_ORIGIN, type TestApp, setupApp } from './app.js';
import { linkIn } from './mime.js';
import { SmtpCapture } from './smtp.js';

export interface MailTestApp extends TestApp {
  smtp: SmtpCapture;
  /**
   * Finishes background reset requests, runs the mail worker once, and waits for deliveries the
   * background worker had already started (messages not yet tried or in flight have no error).
   */
  drain(): Promise<void>;
}

/** A test app that sends through a real SMTP server on loopback, with a fast-polling mail worker. */
export async function setupMailApp(env: Record<string, string> = {}): Promise<MailTestApp> {
  const smtp = await SmtpCapture.start();
  const t = await setupApp({ USERHUB_SMTP_URL: smtp.url, USERHUB_MAIL_POLL_INTERVAL: '100ms', ...env });
  const close = t.close;
  return Object.assign(t, {
    smtp,
    async drain() {
      const { services, database } = t.app.userhub;
      await services.passwordReset.settled();
      await services.mail.processDue();
      const deadline = Date.now() + 10_000;
      const inFlight = () =>
        database.db.selectFrom('mail_queue').select('id').where('status', '=', 'pending').where('last_error', 'is', null).executeTakeFirst();
      while (await inFlight()) {
        if (Date.now() > deadline) throw new Error('mail still in flight after 10 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await close();
      await smtp.stop();
    },
  });
}

/** The token of the newest mail with `subject` to `to`, from its `path` link. */
export async function tokenMailed(t: MailTestApp, to: string, subject: string, path: string): Promise<string> {
  await t.drain();
  const mails = t.smtp.to(to).filter((m) => m.mail.subject === subject);
  expect(mails.length, `no “${subject}” to ${to}`).toBeGreaterThan(0);
  return linkIn(mails[mails.length - 1]!.mail, TEST_ORIGIN, path).token;
}
