import fs from 'node:fs';
import os from 'node:os';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_QUEUE_LIMITS, imageQueue, mediaBusy } from '../../src/features/media/image-queue.js';
import { WorkQueue } from '../../src/lib/work-queue.js';
import { LruCache } from '../../src/features/media/initials.js';
import { type TestApp, type TestUser, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import * as images from '../helpers/images.js';
import { animatedWebp, greyPng } from '../helpers/hostile-images.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const put = (client: TestClient, slot: 'avatar' | 'background', data: Buffer) => images.uploadImage(client, slot, images.imageUpload(data));

async function signIn(user: TestUser): Promise<number> {
  const started = performance.now();
  const res = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password });
  expect(res.status, res.text).toBe(200);
  return performance.now() - started;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('an image of 1 × 30,000,000 px (58 KB, 30 megapixels: under the pixel limit)', () => {
  const bomb = greyPng(1, 30_000_000);

  it('is a real, small PNG of that shape', async () => {
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ format: 'png', width: 1, height: 30_000_000 });
  });

  it.each(['avatar', 'background'] as const)('as %s, then 422 image_too_large from its header, in well under a second', async (slot) => {
    const { client } = await t.signedInUser();
    const started = performance.now();
    const res = await put(client, slot, bomb);
    const elapsed = performance.now() - started;
    expectProblem(res, 422, 'image_too_large');
    expect(res.body.maxSide).toBe(8000);
    // decoding it as a background took 10 s before the side limit; its header takes milliseconds
    expect(elapsed).toBeLessThan(1_000);
    expect((await client.get('/api/v1/profile')).body.backgroundUrl).toBeNull();
  });
});

describe('other hostile shapes are refused from the header', () => {
  let client: TestClient;
  beforeAll(async () => {
    ({ client } = await t.signedInUser());
  });

  it.each([
    ['30,000,000 × 1', 'image_too_large', 30_000_000, 1],
    ['8001 × 10 (a side over 8000)', 'image_too_large', 8001, 10],
    ['10 × 8001', 'image_too_large', 10, 8001],
    ['8000 × 5001 (40.008 megapixels)', 'image_too_large', 8000, 5001],
    ['8000 × 399 (20.05:1)', 'extreme_aspect_ratio', 8000, 399],
    ['100 × 2001 (1:20.01)', 'extreme_aspect_ratio', 100, 2001],
  ])('given %s, then 422 %s', async (_name, code, width, height) => {
    expectProblem(await put(client, 'background', greyPng(width, height)), 422, code);
  });

  it('given an animation of 101 frames, then 422 too_many_frames; 100 frames are taken (first frame kept)', async () => {
    const tooMany = await animatedWebp(101);
    expect((await sharp(tooMany).metadata()).pages).toBe(101);
    const res = await put(client, 'avatar', tooMany);
    expectProblem(res, 422, 'too_many_frames');
    expect(res.body.maxFrames).toBe(100);
    const ok = await put(client, 'avatar', await animatedWebp(100));
    expect(ok.status, ok.text).toBe(200);
  });

  it('given exactly 20:1 and exactly 8000 × 5000, then they are taken', async () => {
    const wide = await put(client, 'background', greyPng(8000, 400));
    expect(wide.status, wide.text).toBe(200);
    const largest = await put(client, 'background', greyPng(8000, 5000));
    expect(largest.status, largest.text).toBe(200);
  });
});

describe('sign-ins while four clients upload hostile images', () => {
  it('given four concurrent 8000 × 5000 uploads (allowed: the largest size), then every sign-in meanwhile takes under 1 s', async () => {
    const uploaders = await Promise.all([0, 1, 2, 3].map(() => t.signedInUser()));
    const user = await t.createUser();
    await signIn(user); // warm: the first sign-in of a process loads argon2
    const heavy = greyPng(8000, 5000);
    expect(heavy.length).toBeLessThan(1024 * 1024);

    const finished: number[] = [];
    const uploads = uploaders.map(async ({ client }) => {
      const res = await put(client, 'background', heavy);
      finished.push(performance.now());
      return res;
    });
    // all four are in the queue: one decoding, three waiting
    await until(() => imageQueue.load.running + imageQueue.load.waiting === 4);
    expect(imageQueue.load).toEqual({ running: 1, waiting: 3 });

    const signIns: number[] = [];
    const decodingAtStart: number[] = [];
    while (finished.length < 3) {
      decodingAtStart.push(imageQueue.load.running);
      signIns.push(await signIn(user));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const results = await Promise.all(uploads);
    for (const res of results) expect(res.status, res.text).toBe(200);

    expect(signIns.length).toBeGreaterThan(0);
    // each sign-in began while an image was being decoded
    expect(decodingAtStart.every((running) => running === 1)).toBe(true);
    expect(Math.max(...signIns), `sign-ins took ${signIns.map(Math.round).join(', ')} ms`).toBeLessThan(1_000);
  }, 60_000);

  it('given four clients sending 1 × 30,000,000 bombs over and over, then they are all refused and sign-ins stay under 1 s', async () => {
    const attackers = await Promise.all([0, 1, 2, 3].map(() => t.signedInUser()));
    const user = await t.createUser();
    const bomb = greyPng(1, 30_000_000);
    let attacking = true;
    const codes: string[] = [];
    const attacks = attackers.map(async ({ client }) => {
      for (let i = 0; i < 5 && attacking; i++) codes.push((await put(client, 'background', bomb)).body.code);
    });
    const signIns: number[] = [];
    for (let i = 0; i < 3; i++) signIns.push(await signIn(user));
    attacking = false;
    await Promise.all(attacks);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['image_too_large']));
    expect(Math.max(...signIns), `sign-ins took ${signIns.map(Math.round).join(', ')} ms`).toBeLessThan(1_000);
  });
});

describe('the upload budget: 20 uploads an hour per user', () => {
  it('given 20 uploads in an hour (refused ones count), then the 21st is 429 rate_limited with Retry-After; an hour later it is taken', async () => {
    const { client } = await t.signedInUser();
    const small = await images.png(32, 32);
    for (let i = 0; i < 19; i++) expect((await put(client, 'avatar', small)).status).toBe(200);
    expectProblem(await put(client, 'avatar', greyPng(8001, 10)), 422, 'image_too_large');

    const refused = await put(client, 'background', small);
    expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);

    // another user's budget is their own
    const other = await t.signedInUser();
    expect((await put(other.client, 'avatar', small)).status).toBe(200);

    t.clock.advance(3_600_000 + 1000);
    expect((await put(client, 'avatar', small)).status).toBe(200);
  });
});

describe('the image queue when full', () => {
  let gate: ReturnType<typeof deferred>;
  let held: Promise<unknown>[];

  /** Takes every place of the queue (one running, the rest waiting) until `gate` opens. */
  async function fillQueue() {
    gate = deferred();
    held = Array.from({ length: IMAGE_QUEUE_LIMITS.concurrency + IMAGE_QUEUE_LIMITS.maxWaiting }, () => imageQueue.run(() => gate.promise));
    await until(() => imageQueue.load.waiting === IMAGE_QUEUE_LIMITS.maxWaiting);
  }
  async function drain() {
    gate.resolve();
    await Promise.all(held);
  }

  it('given a full queue, then an upload is 503 media_busy with Retry-After at once, and does not spend the budget', async () => {
    const { client } = await t.signedInUser();
    const small = await images.png(32, 32);
    await fillQueue();
    try {
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const res = await put(client, 'avatar', small);
        expectProblem(res, 503, 'media_busy');
        expect(res.headers['retry-after']).toBe(String(IMAGE_QUEUE_LIMITS.retryAfterSeconds));
        expect(res.body.retryAfter).toBe(IMAGE_QUEUE_LIMITS.retryAfterSeconds);
        expect(performance.now() - started).toBeLessThan(1_000);
      }
    } finally {
      await drain();
    }
    // twenty busy refusals later, the budget is whole: this upload is taken
    const res = await put(client, 'avatar', small);
    expect(res.status, res.text).toBe(200);
  });

  it('given a full queue, then an initials tile already rendered is served, a new one is 503 media_busy', async () => {
    const cached = '/api/v1/media/initials/3/QZ?size=64';
    expect((await t.anonymous().get(cached)).status).toBe(200);
    await fillQueue();
    try {
      const again = await t.app.inject({ method: 'GET', url: cached });
      expect(again.statusCode).toBe(200);
      expect(await sharp(again.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 64 });
      expectProblem(await t.anonymous().get('/api/v1/media/initials/4/XK?size=64'), 503, 'media_busy');
    } finally {
      await drain();
    }
    // a refusal is not cached: once the queue has room the tile renders
    expect((await t.anonymous().get('/api/v1/media/initials/4/XK?size=64')).status).toBe(200);
  });
});

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs, in order, refuses beyond `maxWaiting`, and frees the slot of a failed job', async () => {
    const queue = new WorkQueue({ concurrency: 2, maxWaiting: 2 }, () => mediaBusy(7));
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = [0, 1, 2, 3].map(() => deferred());
    const jobs = gates.map((gate, i) =>
      queue.run(async () => {
        running++;
        most = Math.max(most, running);
        await gate.promise;
        order.push(i);
        running--;
        if (i === 0) throw new Error('job 0 fails');
        return i;
      }),
    );
    await expect(queue.run(async () => 'never')).rejects.toMatchObject({ status: 503, code: 'media_busy', headers: { 'retry-after': '7' } });
    expect(queue.load).toEqual({ running: 2, waiting: 2 });
    for (const gate of gates) gate.resolve();
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('given a job that may wait only behind fewer than 2 (public tiles), then it is refused while 2 wait, though the queue has room', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxWaiting: 8 }, () => mediaBusy(5));
    const gate = deferred();
    const jobs = [0, 1, 2].map(() => queue.run(() => gate.promise));
    expect(queue.load).toEqual({ running: 1, waiting: 2 });
    await expect(queue.run(async () => 'tile', { maxWaiting: 2 })).rejects.toMatchObject({ status: 503, code: 'media_busy' });
    const upload = queue.run(async () => 'upload');
    expect(queue.load).toEqual({ running: 1, waiting: 3 });
    gate.resolve();
    await Promise.all(jobs);
    await expect(upload).resolves.toBe('upload');
  });
});

describe('libvips threads', () => {
  it.runIf(fs.existsSync('/proc/self/task'))('given an image job has run, then every libvips worker thread has nice 10 (Linux)', async () => {
    await imageQueue.run(() => sharp(greyPng(2000, 2000)).resize(100).webp().toBuffer());
    const libvips = fs
      .readdirSync('/proc/self/task')
      .filter((task) => fs.readFileSync(`/proc/self/task/${task}/comm`, 'utf8').startsWith('libvips'));
    expect(libvips.length).toBeGreaterThan(0);
    await imageQueue.run(async () => undefined);
    for (const task of libvips) expect(os.getPriority(Number(task))).toBe(10);
    expect(os.getPriority(0)).toBe(0);
  });
});

describe('LruCache (initials tiles)', () => {
  it('keeps the entries used last, up to its capacity', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });
});
