import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { SYSTEM_FILES } from '../helpers/system.js';

/** The letters are drawn with the system font (Debian's fonts-dejavu-core): without one the tile is flat. */
const FONT = SYSTEM_FILES.font;

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe(`DELETE /api/v1/profile/avatar (initials drawn in ${path.basename(FONT)})`, () => {
  it('gives initials rendered as WebP when the admin turned Gravatar off', async () => {
    const db = t.app.userhub.database.db;
    await db.insertInto('settings').values({ key: 'gravatar', value: 'false' }).execute();
    t.app.userhub.services.settings.invalidate();
    try {
      const { client } = await t.signedInUser({ displayName: 'Ada Lovelace' });
      const res = await client.get('/api/v1/profile');
      expect(res.body.avatarUrl).toMatch(/^\/api\/v1\/media\/initials\/\d+\/AL\?size=256$/);
      expect(res.body.avatarSmallUrl).toMatch(/^\/api\/v1\/media\/initials\/\d+\/AL\?size=64$/);
      const large = await t.app.inject({ method: 'GET', url: res.body.avatarUrl });
      expect(large.statusCode).toBe(200);
      expect(large.headers['content-type']).toBe('image/webp');
      expect(large.headers['cache-control']).toContain('immutable');
      expect(await sharp(large.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });
      const small = await t.app.inject({ method: 'GET', url: res.body.avatarSmallUrl });
      expect(await sharp(small.rawPayload).metadata()).toMatchObject({ width: 64, height: 64 });
      // the tile is not one flat colour: the letters are drawn
      const stats = await sharp(large.rawPayload).stats();
      expect(stats.channels[0]!.max - stats.channels[0]!.min).toBeGreaterThan(50);
    } finally {
      await db.deleteFrom('settings').where('key', '=', 'gravatar').execute();
      t.app.userhub.services.settings.invalidate();
    }
  });
});
