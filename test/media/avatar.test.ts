import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import * as images from '../helpers/images.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

/** Every file under the app's media folder. */
function mediaFiles(): string[] {
  const root = path.join(t.dataDir, 'media');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function fetchImage(client: TestClient, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: client.cookie ? { cookie: `userhub_session=${client.cookie}` } : {} });
  return { res, body: res.rawPayload };
}

describe('PUT /api/v1/profile/avatar', () => {
  it.each([
    ['PNG', () => images.png(), 'photo.png', 'image/png'],
    ['JPEG', () => images.jpeg(), 'photo.jpg', 'image/jpeg'],
    ['WebP', () => images.webp(), 'photo.webp', 'image/webp'],
    ['GIF', () => images.gif(), 'photo.gif', 'image/gif'],
  ])('given a real %s, then 200 and the avatar comes back as square WebP at 256 and 64 px', async (_kind, make, filename, type) => {
    const { client } = await t.signedInUser();
    const res = await images.uploadImage(client, 'avatar', images.imageUpload(await make(), filename, type));
    expect(res.status, res.text).toBe(200);
    expect(res.body.avatarUrl).toMatch(/^\/api\/v1\/media\/[A-Za-z0-9_-]{22}$/);
    expect(res.body.avatarSmallUrl).toMatch(/^\/api\/v1\/media\/[A-Za-z0-9_-]{22}$/);
    expect(res.body.avatarSmallUrl).not.toBe(res.body.avatarUrl);

    const large = await fetchImage(client, res.body.avatarUrl);
    expect(large.res.statusCode).toBe(200);
    expect(large.res.headers['content-type']).toBe('image/webp');
    expect(large.res.headers['x-content-type-options']).toBe('nosniff');
    expect(large.res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(large.res.headers['content-disposition']).toMatch(/^inline; filename="[a-z0-9-]+\.webp"$/);
    expect(await sharp(large.body).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });

    const small = await fetchImage(client, res.body.avatarSmallUrl);
    expect(await sharp(small.body).metadata()).toMatchObject({ format: 'webp', width: 64, height: 64 });
    expect((await client.get('/api/v1/profile')).body.avatarUrl).toBe(res.body.avatarUrl);
  });

  it('given a JPEG with camera and GPS data in EXIF, then the stored WebP carries no metadata at all', async () => {
    const { client } = await t.signedInUser();
    const upload = await images.jpegWithGps();
    const before = await sharp(upload).metadata();
    expect(before.exif).toBeDefined();
    expect(before.exif!.includes(Buffer.from(images.CAMERA))).toBe(true);
    // GPS IFD pointer (tag 0x8825) in either byte order
    expect(before.exif!.includes(Buffer.from([0x88, 0x25])) || before.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true);

    const res = await images.uploadImage(client, 'avatar', images.imageUpload(upload, 'IMG_0001.JPG', 'image/jpeg'));
    expect(res.status, res.text).toBe(200);
    for (const url of [res.body.avatarUrl, res.body.avatarSmallUrl]) {
      const { body } = await fetchImage(client, url);
      const after = await sharp(body).metadata();
      expect(after.format).toBe('webp');
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(after.icc).toBeUndefined();
      expect(body.includes(Buffer.from('Exif'))).toBe(false);
      expect(body.includes(Buffer.from(images.CAMERA))).toBe(false);
      expect(body.includes(Buffer.from('secret owner'))).toBe(false);
    }
  });

  it('gives a new avatarUrl with every upload; the replaced files are gone and their URLs answer 404', async () => {
    const { user, client } = await t.signedInUser();
    const first = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const second = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    expect(second.body.avatarUrl).not.toBe(first.body.avatarUrl);
    expectProblem(await client.get(first.body.avatarUrl), 404, 'media_not_found');
    expectProblem(await client.get(first.body.avatarSmallUrl), 404, 'media_not_found');
    expect((await fetchImage(client, second.body.avatarUrl)).res.statusCode).toBe(200);
    const own = mediaFiles().filter((f) => f.includes(user.id));
    expect(own).toHaveLength(2);
  });

  it('serves media without a session (the id is unguessable) and answers HEAD', async () => {
    const { client } = await t.signedInUser();
    const { body } = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const anonymous = await t.app.inject({ method: 'GET', url: body.avatarUrl });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['content-type']).toBe('image/webp');
    const head = await t.app.inject({ method: 'HEAD', url: body.avatarUrl });
    expect(head.statusCode).toBe(200);
  });
});

describe('PUT /api/v1/profile/avatar refuses hostile and broken uploads, changing nothing', () => {
  let client: TestClient;
  let userId: string;
  let avatarUrl: string;
  let filesBefore: string[];

  beforeAll(async () => {
    const signed = await t.signedInUser();
    client = signed.client;
    userId = signed.user.id;
    const res = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    avatarUrl = res.body.avatarUrl;
    filesBefore = mediaFiles().filter((f) => f.includes(userId)).sort();
  });

  async function expectUnchanged() {
    expect((await client.get('/api/v1/profile')).body.avatarUrl).toBe(avatarUrl);
    expect(mediaFiles().filter((f) => f.includes(userId)).sort()).toEqual(filesBefore);
    const events = (await client.get('/api/v1/profile/events?limit=100')).body.items.filter(
      (e: { type: string; details: { fields?: string[] } }) => e.type === 'profile_updated' && e.details.fields?.includes('avatar'),
    );
    expect(events).toHaveLength(1);
  }

  it('given an HTML page named .png and declared image/png, then 415 unsupported_image', async () => {
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(images.HTML_PAGE, 'cute.png', 'image/png')), 415, 'unsupported_image');
    await expectUnchanged();
  });

  it('given an SVG with a script (as .svg, and disguised as .png), then 415 unsupported_image', async () => {
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(images.SVG_WITH_SCRIPT, 'a.svg', 'image/svg+xml')), 415, 'unsupported_image');
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(images.SVG_WITH_SCRIPT, 'a.png', 'image/png')), 415, 'unsupported_image');
    await expectUnchanged();
  });

  it('given a 12000×12000 PNG pixel bomb, then 422 image_too_large, fast, without decoding it', async () => {
    const bomb = await images.pixelBombPng();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const res = await images.uploadImage(client, 'avatar', images.imageUpload(bomb));
    const elapsed = performance.now() - started;
    expectProblem(res, 422, 'image_too_large');
    // decoding 144 megapixels takes seconds and ~144 MB; reading the header takes milliseconds
    expect(elapsed).toBeLessThan(1_000);
    await expectUnchanged();
  });

  it('given a 6 MB file, then 413 payload_too_large', async () => {
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(images.noiseWithPngMagic(6 * 1024 * 1024))), 413, 'payload_too_large');
    await expectUnchanged();
  });

  it('given a file just over 5 MB (under the Content-Length precheck), then the stream limit answers 413', async () => {
    const res = await images.uploadImage(client, 'avatar', images.imageUpload(images.noiseWithPngMagic(5 * 1024 * 1024 + 10 * 1024)));
    expectProblem(res, 413, 'payload_too_large');
    expect(res.body.maxBytes).toBe(5 * 1024 * 1024);
    await expectUnchanged();
  });

  it('given a truncated JPEG, then 415 unsupported_image', async () => {
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(await images.truncatedJpeg(), 'cut.jpg', 'image/jpeg')), 415, 'unsupported_image');
    await expectUnchanged();
  });

  it('given a zero-byte file, then 415 unsupported_image', async () => {
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(Buffer.alloc(0), 'empty.png')), 415, 'unsupported_image');
    await expectUnchanged();
  });

  it('given a path-traversal file name, then 400 invalid_file_name and nothing is written anywhere', async () => {
    for (const filename of ['../../../../evil.png', '..\\..\\evil.png', '/etc/passwd', 'a/../../b.png']) {
      expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(await images.png(), filename)), 400, 'invalid_file_name');
    }
    expect(fs.existsSync(path.join(t.dataDir, 'evil.png'))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(t.dataDir), 'evil.png'))).toBe(false);
    await expectUnchanged();
  });

  it('given noise that only starts like a PNG, then 415 unsupported_image', async () => {
    expectProblem(await images.uploadImage(client, 'avatar', images.imageUpload(images.noiseWithPngMagic(4096))), 415, 'unsupported_image');
    await expectUnchanged();
  });

  it('given JSON or a raw image body instead of multipart, then 415 unsupported_media_type', async () => {
    expectProblem(await client.put('/api/v1/profile/avatar', { file: 'aGVsbG8=' }), 415, 'unsupported_media_type');
    const raw = await images.png();
    expectProblem(await client.put('/api/v1/profile/avatar', undefined, { raw, headers: { 'content-type': 'image/png' } }), 415, 'unsupported_media_type');
    await expectUnchanged();
  });

  it('given no field named file, or only text fields, then 400 file_required', async () => {
    const png = await images.png();
    expectProblem(await images.uploadImage(client, 'avatar', images.multipart([{ name: 'avatar', filename: 'a.png', contentType: 'image/png', data: png }])), 400, 'file_required');
    expectProblem(await images.uploadImage(client, 'avatar', images.multipart([{ name: 'file', data: 'just text' }])), 400, 'file_required');
    await expectUnchanged();
  });

  it('given two files, then 400 too_many_parts', async () => {
    const png = await images.png();
    const two = images.multipart([
      { name: 'file', filename: 'a.png', contentType: 'image/png', data: png },
      { name: 'file', filename: 'b.png', contentType: 'image/png', data: png },
    ]);
    expectProblem(await images.uploadImage(client, 'avatar', two), 400, 'too_many_parts');
    await expectUnchanged();
  });

  it('given a malformed multipart body or no boundary, then 400 invalid_multipart', async () => {
    const unclosed = await client.put('/api/v1/profile/avatar', undefined, {
      raw: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nnot closed',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expectProblem(unclosed, 400, 'invalid_multipart');
    const noBoundary = await client.put('/api/v1/profile/avatar', undefined, { raw: 'garbage', headers: { 'content-type': 'multipart/form-data' } });
    expectProblem(noBoundary, 400, 'invalid_multipart');
    await expectUnchanged();
  });

  it('without a session, then 401; with the cookie but no Origin, then 403 csrf_rejected', async () => {
    const upload = images.imageUpload(await images.png());
    expectProblem(await images.uploadImage(t.anonymous(), 'avatar', upload), 401, 'unauthenticated');
    const res = await client.put('/api/v1/profile/avatar', undefined, {
      raw: upload.payload,
      headers: { 'content-type': upload.contentType },
      noOrigin: true,
    });
    expectProblem(res, 403, 'csrf_rejected');
    await expectUnchanged();
  });
});

describe('DELETE /api/v1/profile/avatar', () => {
  it('goes back to initials on a new instance (Gravatar off by default)', async () => {
    const { client } = await t.signedInUser({ displayName: 'Ada Lovelace' });
    await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const res = await client.delete('/api/v1/profile/avatar');
    expect(res.status).toBe(200);
    expect(res.body.avatarUrl).toMatch(/^\/api\/v1\/media\/initials\/\d+\/AL\?size=256$/);
  });

  it('goes back to Gravatar while the instance allows it', async () => {
    const admin = (await t.signedInUser({ role: 'admin' })).client;
    expect((await admin.patch('/api/v1/admin/settings', { gravatar: true })).status).toBe(200);
    onTestFinished(async () => {
      await admin.patch('/api/v1/admin/settings', { gravatar: false });
    });
    const { user, client } = await t.signedInUser();
    const uploaded = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const res = await client.delete('/api/v1/profile/avatar');
    expect(res.status).toBe(200);
    expect(res.body.avatarUrl).toMatch(/^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{64}\?s=256&d=identicon$/);
    expect(res.body.avatarSmallUrl).toMatch(/\?s=64&/);
    expectProblem(await client.get(uploaded.body.avatarUrl), 404, 'media_not_found');
    expect(mediaFiles().filter((f) => f.includes(user.id))).toEqual([]);
    // nothing left to remove is fine too
    expect((await client.delete('/api/v1/profile/avatar')).status).toBe(200);
  });

  it.each([
    ['a letter outside the palette', '/api/v1/media/initials/99/AB'],
    ['markup as letters', `/api/v1/media/initials/1/${encodeURIComponent('<svg onload=x>')}`],
    ['too many letters', '/api/v1/media/initials/1/ABCDE'],
  ])('refuses initials URLs with %s', async (_name, url) => {
    const res = await t.anonymous().get(url);
    expect([400, 404]).toContain(res.status);
  });
});

describe('GET /api/v1/media/{id}', () => {
  it.each([
    ['an unknown id', '/api/v1/media/AAAAAAAAAAAAAAAAAAAAAA'],
    ['a traversal', '/api/v1/media/..%2F..%2Fsecret.key'],
    ['a long id', `/api/v1/media/${'a'.repeat(60)}`],
    ['dots', '/api/v1/media/...'],
  ])('given %s, then 404 media_not_found', async (_name, url) => {
    expectProblem(await t.anonymous().get(url), 404, 'media_not_found');
  });
});
