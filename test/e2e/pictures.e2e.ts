import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, launchBrowser, newContext, screenshots, signIn, startServer } from './harness.js';

describe('dashboard: avatar and background', () => {
  let server: TestServer;
  let browser: Browser;
  let avatarFile: string;
  let backgroundFile: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    avatarFile = path.join(server.dataDir, 'me.png');
    backgroundFile = path.join(server.dataDir, 'mountains.jpg');
    const gradient = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#8ec5fc"/><stop offset="1" stop-color="#e0c3fc"/></linearGradient></defs><rect width="1600" height="900" fill="url(#g)"/></svg>`,
    );
    fs.writeFileSync(backgroundFile, await sharp(gradient).jpeg().toBuffer());
    const face = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#f4a261"/><circle cx="200" cy="150" r="90" fill="#264653"/></svg>`,
    );
    fs.writeFileSync(avatarFile, await sharp(face).png().toBuffer());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('given a user, when they upload an avatar and a background, then both show at once and after a reload, and can be removed', async () => {
    const user = await server.createUser({ displayName: 'Pic Ture' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);

    // every picture passes through the crop step (test/e2e/picture-crop.e2e.ts goes into it)
    await page.getByTestId('avatar-file').setInputFiles(avatarFile);
    await page.getByRole('dialog', { name: 'Position your profile picture' }).getByRole('button', { name: 'Upload' }).click();
    const avatar = page.getByTestId('avatar-image');
    await expect.poll(() => avatar.getAttribute('src')).toMatch(/^\/api\/v1\/media\//);
    // The browser really decoded it (a broken image has no natural width).
    await expect.poll(() => avatar.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    await page.getByTestId('background-file').setInputFiles(backgroundFile);
    await page.getByRole('dialog', { name: 'Position your background image' }).getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByTestId('shell').getAttribute('class')).toContain('has-background');
    await page.reload();
    await expect.poll(() => page.getByTestId('avatar-image').getAttribute('src')).toMatch(/^\/api\/v1\/media\//);
    await expect.poll(() => page.getByTestId('shell').getAttribute('style')).toContain('/api/v1/media/');
    await screenshots(page, 'profile-pictures');

    // Remove the avatar: back to Gravatar or initials.
    await page.getByRole('button', { name: 'Remove' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(async () => (await page.getByTestId('avatar-image').getAttribute('src')) ?? 'initials').not.toMatch(/^\/api\/v1\/media\/(?!initials\/)/);
    await context.close();
  });

  it('given a file that is not an image, when it is chosen, then a translated error is shown at once and nothing is sent', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    let puts = 0;
    page.on('request', (request) => {
      if (request.method() === 'PUT') puts++;
    });
    const fake = path.join(server.dataDir, 'not-an-image.png');
    fs.writeFileSync(fake, '<html><script>alert(1)</script></html>');
    await page.getByTestId('avatar-file').setInputFiles(fake);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('This file is not a PNG, JPEG, WebP or GIF image.');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(puts).toBe(0);
    await context.close();
  });
});
