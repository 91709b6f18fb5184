import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TestServer, launchBrowser, newContext, screenshots, signIn, startServer } from './harness.js';

/** The reset link from the newest message in the outbox (no SMTP configured: mail is written as .eml). */
async function resetLinkFromOutbox(dataDir: string): Promise<string> {
  const outbox = path.join(dataDir, 'outbox');
  for (let attempt = 0; attempt < 100; attempt++) {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
    for (const file of files) {
      // Undo quoted-printable soft breaks and escapes before looking for the link.
      const text = fs.readFileSync(path.join(outbox, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      const match = /https?:\/\/[^\s"<>]+\/reset\?token=[A-Za-z0-9_-]+/.exec(text);
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no reset mail in the outbox');
}

describe('dashboard: forgotten password', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('given a user who forgot the password, when they follow the mailed link and choose a new one, then they sign in with it', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username or email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account matches').waitFor();

    const link = new URL(await resetLinkFromOutbox(server.dataDir));
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByLabel('New password', { exact: true }).fill('a brand new long passphrase');
    await page.getByText(/Strength: /).waitFor();
    await page.getByLabel('Repeat the new password').fill('a brand new long passphrase');
    await screenshots(page, 'reset-password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your password has been changed.').waitFor();
    await signIn(page, server, { username: user.username, password: 'a brand new long passphrase' });
    await context.close();
  });
});
