import { describe, expect, it } from 'vitest';
import { IMAGE_QUEUE_LIMITS } from '../../src/features/media/image-queue.js';
import { MAX_HASH_THREADS, OTHER_THREADS, threadPoolSize } from '../../src/lib/thread-pool.js';

describe('threadPoolSize (UV_THREADPOOL_SIZE, set by bin/userhub.js)', () => {
  it('given up to 2 hash threads, then libuv keeps its default of 4', () => {
    expect(threadPoolSize(1, undefined)).toBe(4);
    expect(threadPoolSize(2, undefined)).toBe(4);
  });

  it('given more hash threads, then as many libuv threads and room for the image job and file work', () => {
    expect(threadPoolSize(6, undefined)).toBe(8);
    expect(OTHER_THREADS).toBeGreaterThan(IMAGE_QUEUE_LIMITS.concurrency);
    expect(threadPoolSize(MAX_HASH_THREADS, undefined)).toBe(1024);
  });

  it('given a size set by the operator, then a larger one is kept and a smaller or malformed one replaced', () => {
    expect(threadPoolSize(6, '16')).toBe(16);
    expect(threadPoolSize(6, '2')).toBe(8);
    expect(threadPoolSize(6, 'many')).toBe(8);
    expect(threadPoolSize(1, '5000')).toBe(1024);
  });
});
