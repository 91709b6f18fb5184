import fs from 'node:fs';
import os from 'node:os';

/** Image work yields the CPU to everything else; nice 10 weighs about a tenth of nice 0 (Linux CFS). */
const IMAGE_NICE = 10;
const RECHECK_MS = 200;

/**
 * libvips does its pixel work in its own threads ("libvips worker"), created on first use and
 * kept. On Linux a nice value is per thread, so lowering theirs makes a sign-in's argon2 thread
 * win the CPU against any decode. Elsewhere (no /proc) this does nothing.
 */
function lowerLibvipsThreads(): void {
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const task of tasks) {
    try {
      const tid = Number(task);
      if (!fs.readFileSync(`/proc/self/task/${task}/comm`, 'utf8').startsWith('libvips')) continue;
      if (os.getPriority(tid) < IMAGE_NICE) os.setPriority(tid, IMAGE_NICE);
    } catch {
      // the thread is gone, or this platform has no per-thread priority
    }
  }
}

/** Runs `job`, lowering libvips' threads before it and, for threads it starts, while it runs. */
export async function atLowPriority<T>(job: () => Promise<T>): Promise<T> {
  lowerLibvipsThreads();
  const recheck = setInterval(lowerLibvipsThreads, RECHECK_MS);
  try {
    return await job();
  } finally {
    clearInterval(recheck);
  }
}
