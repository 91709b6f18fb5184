import type { TestApp } from './app.js';
import { setupApp } from './app.js';
import { SmtpCapture } from './smtp.js';

export interface MailTestApp extends TestApp {
  smtp: SmtpCapture;
  /** finishes background reset requests and runs the mail worker once, now */
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
      await t.app.userhub.services.passwordReset.settled();
      await t.app.userhub.services.mail.processDue();
    },
    async close() {
      await close();
      await smtp.stop();
    },
  });
}
