import sharp from 'sharp';
import { Problem } from '../../http/problem.js';
import { WorkQueue } from '../../lib/work-queue.js';
import { atLowPriority } from './thread-priority.js';

/** What one process may spend on images at a time: one job running, eight waiting. */
export const IMAGE_QUEUE_LIMITS = { concurrency: 1, maxWaiting: 8, retryAfterSeconds: 5 } as const;
/** Initials tiles (public, anonymous) may wait only while fewer than this are waiting. */
export const TILE_MAX_WAITING = 2;
/** A backstop for a job libvips works on longer than any image within the limits needs. */
export const IMAGE_JOB_TIMEOUT_SECONDS = 10;

export const mediaBusy = (retryAfterSeconds: number) =>
  new Problem(503, 'media_busy', `Image processing is busy. Try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });

/**
 * sharp runs on libuv's thread pool (4 threads), as file system and DNS work do; password hashing
 * has threads of its own (auth/hash-threads.ts). Every sharp call of the process goes through this
 * one queue, so images hold at most one libuv thread; libvips itself runs one thread per job, at a
 * lower CPU priority, so that a sign-in is not slowed by a decode on the same core either. The
 * queue is per process because the thread pool is.
 */
sharp.concurrency(IMAGE_QUEUE_LIMITS.concurrency);
export const imageQueue = new WorkQueue(IMAGE_QUEUE_LIMITS, () => mediaBusy(IMAGE_QUEUE_LIMITS.retryAfterSeconds), atLowPriority);
