import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import * as images from '../helpers/images.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

async function imageAt(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('image/webp');
  return sharp(res.rawPayload).metadata();
}

describe('PUT /api/v1/profile/background', () => {
  it('given a wide PNG, then 200 and a WebP at most 2560 px wide, aspect kept', async () => {
    const { client } = await t.signedInUser();
    expect((await client.get('/api/v1/profile')).body.backgroundUrl).toBeNull();
    const res = await images.uploadImage(client, 'background', images.imageUpload(await images.png(3000, 1000)));
    expect(res.status, res.text).toBe(200);
    expect(res.body.backgroundUrl).toMatch(/^\/api\/v1\/media\/[A-Za-z0-9_-]{22}$/);
    expect(await imageAt(res.body.backgroundUrl)).toMatchObject({ format: 'webp', width: 2560, height: 853 });
  });

  it('never enlarges a small picture', async () => {
    const { client } = await t.signedInUser();
    const res = await images.uploadImage(client, 'background', images.imageUpload(await images.gif(300, 200), 'small.gif', 'image/gif'));
    expect(await imageAt(res.body.backgroundUrl)).toMatchObject({ width: 300, height: 200 });
  });

  it('given a JPEG with EXIF orientation 6, then it is turned upright and the EXIF is gone', async () => {
    const { client } = await t.signedInUser();
    const upload = await images.jpegRotated();
    expect((await sharp(upload).metadata()).orientation).toBe(6);
    const res = await images.uploadImage(client, 'background', images.imageUpload(upload, 'phone.jpg', 'image/jpeg'));
    const out = await imageAt(res.body.backgroundUrl);
    expect(out).toMatchObject({ width: 300, height: 400 });
    expect(out.orientation).toBeUndefined();
    expect(out.exif).toBeUndefined();
  });

  it('accepts 6 MB (its limit is 10 MB) but refuses noise: 415; above 10 MB: 413', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await images.uploadImage(client, 'background', images.imageUpload(images.noiseWithPngMagic(6 * 1024 * 1024))), 415, 'unsupported_image');
    expectProblem(await images.uploadImage(client, 'background', images.imageUpload(images.noiseWithPngMagic(11 * 1024 * 1024))), 413, 'payload_too_large');
    expect((await client.get('/api/v1/profile')).body.backgroundUrl).toBeNull();
  });

  it('refuses the pixel bomb with 422 image_too_large', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await images.uploadImage(client, 'background', images.imageUpload(await images.pixelBombPng())), 422, 'image_too_large');
  });

  it('keeps the avatar and the background apart; DELETE removes only the background', async () => {
    const { client } = await t.signedInUser();
    const avatar = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const background = await images.uploadImage(client, 'background', images.imageUpload(await images.png(1600, 900)));
    expect(background.body.avatarUrl).toBe(avatar.body.avatarUrl);
    const res = await client.delete('/api/v1/profile/background');
    expect(res.status).toBe(200);
    expect(res.body.backgroundUrl).toBeNull();
    expect(res.body.avatarUrl).toBe(avatar.body.avatarUrl);
    expectProblem(await client.get(background.body.backgroundUrl), 404, 'media_not_found');
  });
});

describe('deleting a user', () => {
  it('deletes their image files and their media URLs answer 404', async () => {
    const { user, client } = await t.signedInUser();
    const avatar = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const background = await images.uploadImage(client, 'background', images.imageUpload(await images.jpeg(), 'b.jpg', 'image/jpeg'));
    const folder = path.join(t.dataDir, 'media', user.id);
    expect(fs.readdirSync(folder)).toHaveLength(3);

    await t.app.userhub.services.userDeletion.deleteById(user.id);

    expect(fs.existsSync(folder)).toBe(false);
    for (const url of [avatar.body.avatarUrl, avatar.body.avatarSmallUrl, background.body.backgroundUrl]) {
      expectProblem(await t.anonymous().get(url), 404, 'media_not_found');
    }
    const rows = await t.app.userhub.database.db.selectFrom('media').select('id').where('user_id', '=', user.id).execute();
    expect(rows).toEqual([]);
  });

  it('through the admin API too (DELETE /api/v1/admin/users/{id})', async () => {
    const { user, client } = await t.signedInUser();
    const avatar = await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()));
    const { client: admin } = await t.signedInUser({ role: 'admin' });
    expect((await admin.delete(`/api/v1/admin/users/${user.id}`)).status).toBe(204);
    expect(fs.existsSync(path.join(t.dataDir, 'media', user.id))).toBe(false);
    expectProblem(await t.anonymous().get(avatar.body.avatarUrl), 404, 'media_not_found');
  });

  it('leaves other users\u2019 files alone', async () => {
    const a = await t.signedInUser();
    const b = await t.signedInUser();
    await images.uploadImage(a.client, 'avatar', images.imageUpload(await images.png()));
    const kept = await images.uploadImage(b.client, 'avatar', images.imageUpload(await images.png()));
    await t.app.userhub.services.userDeletion.deleteById(a.user.id);
    expect((await t.app.inject({ method: 'GET', url: kept.body.avatarUrl })).statusCode).toBe(200);
  });
});
