import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/** The names in a zip file. */
function namesIn(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

describe('dashboard: download your data', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a signed-in user, when they download their data on Security, then they get a zip of their files; the account-deletion dialog offers it first', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    const card = page.getByRole('region', { name: 'Download your data' });
    await card.getByText('never the secrets', { exact: false }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshots(page, 'data-export');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download your data' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^userhub-${user.username}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const saved = `${server.dataDir}/export.zip`;
    await download.saveAs(saved);
    const names = await namesIn(saved);
    expect(names).toEqual(expect.arrayContaining([`userhub-${user.username}/profile.json`, `userhub-${user.username}/sessions.json`, `userhub-${user.username}/events.json`]));
    fs.rmSync(saved);

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Before you go, you can take a copy of your data with you.').waitFor();
    const [again] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download your data' }).click()]);
    expect(again.suggestedFilename()).toMatch(/\.zip$/);
    await context.close();
  });
});
