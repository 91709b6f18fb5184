import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOBILE, type TestServer, assertControlsInside, axeViolations, expectFieldError, hasFocus, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/**
 * Issue 18, point 9: a picture is checked in the browser (declared type, first bytes, size,
 * decodable) before anything is sent, then placed in a crop frame (drag, wheel, slider, keys);
 * what the frame shows is what is uploaded and served.
 */

const RED = '#ff0000';
const GREEN = '#00ff00';
const BLUE = '#0000ff';
const YELLOW = '#ffff00';

/** A PNG in four flat quadrants: red, green (top); blue, yellow (bottom). */
function quadrants(width: number, height: number): Promise<Buffer> {
  const w = width / 2;
  const h = height / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${w}" height="${h}" fill="${RED}"/><rect x="${w}" width="${w}" height="${h}" fill="${GREEN}"/><rect y="${h}" width="${w}" height="${h}" fill="${BLUE}"/><rect x="${w}" y="${h}" width="${w}" height="${h}" fill="${YELLOW}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The PUTs of `kind` the page sends from now on (any at all: a refused file sends none). */
function uploads(page: Page, kind: 'avatar' | 'background'): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PUT' && new URL(request.url()).pathname === `/api/v1/profile/${kind}`) seen.push(request.url());
  });
  return seen;
}

/**
 * The page keeps every file it hands to fetch in a FormData (CDP does not report multipart
 * bodies with files), so the test can read what was really uploaded.
 */
const KEEP_UPLOADS = `(() => {
  window.__uploads = [];
  const original = window.fetch;
  window.fetch = function (input, init) {
    const file = init && init.body instanceof FormData ? init.body.get('file') : null;
    if (file instanceof Blob) window.__uploads.push(file);
    return original.apply(this, arguments);
  };
})()`;

async function uploadedFile(page: Page, index: number): Promise<{ type: string; data: Buffer }> {
  const { type, base64 } = (await page.evaluate(`(async () => {
    const file = window.__uploads[${index}];
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { type: file.type, base64: btoa(text) };
  })()`)) as { type: string; base64: string };
  return { type, data: Buffer.from(base64, 'base64') };
}

interface Colour {
  r: number;
  g: number;
  b: number;
}

/** A picture's size, the colour most of it has, and the colours near its four corners (the dominant alone would not tell a centred crop of four equal quadrants from one quadrant). */
async function look(data: Buffer): Promise<{ format: string; width: number; height: number; dominant: Colour; corners: Colour[] }> {
  const image = sharp(data);
  const { format, width = 0, height = 0 } = await image.metadata();
  const { dominant } = await image.stats();
  const raw = await image.removeAlpha().raw().toBuffer();
  const at = (x: number, y: number): Colour => {
    const i = (y * width + x) * 3;
    return { r: raw[i] ?? 0, g: raw[i + 1] ?? 0, b: raw[i + 2] ?? 0 };
  };
  const inset = 8;
  const corners = [at(inset, inset), at(width - inset, inset), at(inset, height - inset), at(width - inset, height - inset)];
  return { format: format ?? '', width, height, dominant, corners };
}

/** The served picture. */
async function served(server: TestServer, url: string | null): Promise<Awaited<ReturnType<typeof look>>> {
  expect(url).toMatch(/^\/api\/v1\/media\/(?!initials\/)/);
  const res = await fetch(`${server.url}${url}`);
  expect(res.status).toBe(200);
  return look(Buffer.from(await res.arrayBuffer()));
}

/** All of the picture is this colour: the dominant and every corner. */
function allOf(picture: { dominant: Colour; corners: Colour[] }, hex: string): boolean {
  return [picture.dominant, ...picture.corners].every((colour) => near(colour, hex));
}

const near = (colour: Colour, hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return Math.abs(colour.r - (r ?? 0)) < 40 && Math.abs(colour.g - (g ?? 0)) < 40 && Math.abs(colour.b - (b ?? 0)) < 40;
};

const zoomValue = async (page: Page) => Number(await page.getByRole('dialog').getByLabel('Zoom').inputValue());

describe('dashboard: pictures checked before upload, then cropped and positioned', () => {
  let server: TestServer;
  let browser: Browser;
  const file = (name: string) => path.join(server.dataDir, name);

  beforeAll(async () => {
    ({ server, browser } = await startAll());
    fs.writeFileSync(file('avatar.png'), await quadrants(1600, 1600));
    fs.writeFileSync(file('background.png'), await quadrants(3200, 1800));
    fs.writeFileSync(file('notes.png'), 'just some text, renamed to .png\n');
    fs.writeFileSync(file('letter.pdf'), '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    // a real PNG header, then 6 MB: over the avatar's 5 MB
    const header = (await quadrants(8, 8)).subarray(0, 64);
    fs.writeFileSync(file('huge.png'), Buffer.concat([header, Buffer.alloc(6 * 1024 * 1024)]));
    // the PNG signature and a cut-off first chunk: the right magic, nothing a browser can decode
    fs.writeFileSync(file('broken.png'), (await quadrants(64, 64)).subarray(0, 40));
    fs.writeFileSync(file('still.gif'), await sharp(await quadrants(200, 200)).gif().toBuffer());
  });
  afterAll(() => stopAll(browser, server));

  it('given files that are not images, too big or undecodable, when chosen, then each is refused at the field at once and nothing is uploaded', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const sent = uploads(page, 'avatar');
    const input = page.getByTestId('avatar-file');
    const alert = page.getByRole('alert');

    // each message differs from the one before, so each wait sees the new file's answer
    const refusals: [string, string][] = [
      ['notes.png', 'This file is not a PNG, JPEG, WebP or GIF image.'],
      ['huge.png', 'This file is 6 MB; a picture may be up to 5 MB.'],
      ['letter.pdf', 'This file is not a PNG, JPEG, WebP or GIF image.'],
      ['broken.png', 'This image could not be read. It may be damaged; choose another file.'],
    ];
    for (const [name, message] of refusals) {
      await input.setInputFiles(file(name));
      await expect.poll(() => alert.textContent(), { message: name }).toBe(message);
      await expectFieldError(input, message);
      expect(await page.getByRole('dialog').count(), name).toBe(0);
    }
    // the refusal is said in the user's language and units
    await page.getByLabel('Language').selectOption('fr');
    await input.setInputFiles(file('huge.png'));
    await expect.poll(async () => (await alert.textContent())?.replace(/\s/g, ' ')).toBe('Ce fichier fait 6 Mo ; une image peut faire au plus 5 Mo.');
    expect(sent).toHaveLength(0);
    await context.close();
  });

  it('given an image, when it is dragged and zoomed in the frame and uploaded, then the upload is the 512 px crop and the avatar shows the chosen quadrant', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    await context.addInitScript(KEEP_UPLOADS);
    const page = await context.newPage();
    await signIn(page, server, user);
    const sent = uploads(page, 'avatar');

    await page.getByTestId('avatar-file').setInputFiles(file('avatar.png'));
    const dialog = page.getByRole('dialog', { name: 'Position your profile picture' });
    await dialog.waitFor();
    const frame = dialog.getByRole('group', { name: 'Profile picture crop frame' });
    expect(await frame.getAttribute('aria-describedby')).toBeTruthy();
    expect(await dialog.getByText('An animated GIF keeps only its first frame.').count()).toBe(0);

    // the wheel zooms in over the frame
    const box = await frame.boundingBox();
    if (!box) throw new Error('no crop frame');
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, -200);
    await expect.poll(() => zoomValue(page)).toBeGreaterThan(1.2);
    // the slider sets 2×: the frame holds one quadrant (800 px, sent at 512); dragging right and down moves the picture there, so the frame shows the top-left (red) quadrant
    await dialog.getByLabel('Zoom').fill('2');
    expect(await zoomValue(page)).toBe(2);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + 150, centre.y + 150, { steps: 8 });
    await page.mouse.move(centre.x + 300, centre.y + 300, { steps: 8 });
    await page.mouse.up();

    // the dialog in light and dark: nothing for axe; at 375 px it fits
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshots(page, 'picture-crop-avatar');
    await page.setViewportSize(MOBILE);
    await expect.poll(async () => (await frame.boundingBox())?.width ?? 0).toBeLessThan(340);
    const fitted = await dialog.boundingBox();
    expect(fitted && fitted.x >= 0 && fitted.x + fitted.width <= MOBILE.width && fitted.y >= 0 && fitted.y + fitted.height <= MOBILE.height).toBe(true);
    await assertControlsInside(page, 'crop dialog at 375 px');
    expect(sent).toHaveLength(0);

    await dialog.getByRole('button', { name: 'Upload' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('avatar-image').getAttribute('src')).toMatch(/^\/api\/v1\/media\/(?!initials\/)/);
    expect(sent).toHaveLength(1);
    const part = await uploadedFile(page, 0);
    expect(part.type).toBe('image/webp');
    const uploaded = await look(part.data);
    expect([uploaded.format, uploaded.width, uploaded.height]).toEqual(['webp', 512, 512]);
    expect(allOf(uploaded, RED), JSON.stringify(uploaded)).toBe(true);

    const avatar = await served(server, await page.getByTestId('avatar-image').getAttribute('src'));
    expect([avatar.width, avatar.height]).toEqual([256, 256]);
    expect(allOf(avatar, RED), JSON.stringify(avatar)).toBe(true);
    await context.close();
  });

  it('given a background, when it is placed with the keyboard only at 375 px, then the 16:9 crop of the chosen quadrant is uploaded and served', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, MOBILE);
    await context.addInitScript(KEEP_UPLOADS);
    const page = await context.newPage();
    await signIn(page, server, user);
    const sent = uploads(page, 'background');

    await page.getByTestId('background-file').setInputFiles(file('background.png'));
    const dialog = page.getByRole('dialog', { name: 'Position your background image' });
    await dialog.waitFor();
    const frame = dialog.getByRole('group', { name: 'Background image crop frame' });
    // the dialog opens with the focus on the frame
    await expect.poll(() => hasFocus(frame)).toBe(true);
    const box = await frame.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= MOBILE.width).toBe(true);

    for (let i = 0; i < 10; i++) await page.keyboard.press('+');
    await expect.poll(() => zoomValue(page)).toBeCloseTo(2, 5);
    await page.keyboard.press('-');
    await expect.poll(() => zoomValue(page)).toBeCloseTo(1.9, 5);
    await page.keyboard.press('+');
    // moving the picture left and up brings its bottom-right (yellow) quadrant into the frame
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await screenshots(page, 'picture-crop-background');
    await page.setViewportSize(MOBILE);
    expect(await axeViolations(page)).toEqual([]);
    await assertControlsInside(page, 'background crop dialog at 375 px');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const upload = dialog.getByRole('button', { name: 'Upload' });
    expect(await hasFocus(upload)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('shell').getAttribute('class')).toContain('has-background');
    expect(sent).toHaveLength(1);
    const part = await uploadedFile(page, 0);
    const uploaded = await look(part.data);
    // a quadrant is 1600 × 900: under the 1920 px cap, sent at its own size
    expect([part.type, uploaded.width, uploaded.height]).toEqual(['image/webp', 1600, 900]);

    const background = await served(server, await page.getByTestId('background-image').getAttribute('src'));
    expect([background.width, background.height]).toEqual([1600, 900]);
    expect(allOf(background, YELLOW), JSON.stringify(background)).toBe(true);
    await context.close();
  });

  it('given the crop dialog, when it is cancelled (button or Escape), then nothing is uploaded and the focus is back on the file choice; a GIF is said to keep its first frame', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const sent = uploads(page, 'avatar');
    const input = page.getByTestId('avatar-file');
    const dialog = page.getByRole('dialog', { name: 'Position your profile picture' });

    await input.setInputFiles(file('still.gif'));
    await dialog.getByText('An animated GIF keeps only its first frame.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await hasFocus(input)).toBe(true);

    await input.setInputFiles(file('avatar.png'));
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await hasFocus(input)).toBe(true);
    expect(sent).toHaveLength(0);
    // nothing changed: still the initials
    expect(await page.getByTestId('avatar-image').getAttribute('src')).toMatch(/\/initials\//);
    await context.close();
  });
});
