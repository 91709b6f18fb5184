/**
 * libuv's thread pool runs argon2 and sharp jobs besides file system, DNS and zlib work. Its
 * size, UV_THREADPOOL_SIZE (4 by default, at most 1024), is read once, when the pool first
 * starts: bin/userhub.js sets it before anything else runs.
 */
const LIBUV_DEFAULT_THREADS = 4;
const LIBUV_MAX_THREADS = 1024;
/** threads beyond the hash pool's: the image queue's one job (media/image-queue.ts), and one for files and DNS */
export const OTHER_THREADS = 2;
export const MAX_HASH_THREADS = LIBUV_MAX_THREADS - OTHER_THREADS;

/**
 * The UV_THREADPOOL_SIZE for `hashThreads` hash jobs at once, so that the hash pool's semaphore,
 * not libuv, is what bounds them; a larger size already set (`current`, by the operator) is kept.
 */
export function threadPoolSize(hashThreads: number, current: string | undefined): number {
  const set = current !== undefined && /^\d{1,4}$/.test(current.trim()) ? Number(current) : 0;
  return Math.min(LIBUV_MAX_THREADS, Math.max(LIBUV_DEFAULT_THREADS, hashThreads + OTHER_THREADS, set));
}
