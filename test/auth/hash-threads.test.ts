import { afterEach, describe, expect, it } from 'vitest';
import { type HashAnswer, HashThreads } from '../../src/features/auth/hash-threads.js';

/** The most answers whose work overlapped in time. */
function mostAtOnce(answers: HashAnswer<unknown>[]): number {
  const edges = answers.flatMap((a) => [
    { at: a.startedAt, step: 1 },
    { at: a.endedAt, step: -1 },
  ]);
  edges.sort((x, y) => x.at - y.at || x.step - y.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

describe('HashThreads (argon2id on threads of its own)', () => {
  let threads: HashThreads;
  afterEach(async () => threads.close());

  it('given a hash, then it verifies the right password only; a malformed or missing stored hash verifies as false', async () => {
    threads = new HashThreads(1);
    const { value: stored, ms } = await threads.hash('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(ms).toBeGreaterThan(0);
    expect((await threads.verify(stored, 'correct horse')).value).toBe(true);
    expect((await threads.verify(stored, 'wrong horse')).value).toBe(false);
    expect((await threads.verify('not a hash', 'correct horse')).value).toBe(false);
    // an unknown user's verify does the same argon2 work as a known user's, the first one too
    const known = await threads.verify(stored, 'wrong horse');
    const unknown = await threads.verify(null, 'anything');
    expect(unknown.value).toBe(false);
    expect(unknown.ms).toBeGreaterThan(known.ms / 2);
    expect(unknown.ms).toBeLessThan(known.ms * 1.8);
  });

  it('given more jobs than threads, then never more than that many compute at once, and they do run side by side', async () => {
    threads = new HashThreads(2);
    // both threads started (the second job finds the first thread busy) and warm before the count
    const [{ value: stored }] = await Promise.all([threads.hash('correct horse'), threads.hash('another')]);
    const answers = await Promise.all(Array.from({ length: 8 }, () => threads.verify(stored, 'correct horse')));
    expect(answers.every((a) => a.value)).toBe(true);
    expect(mostAtOnce(answers)).toBe(2);
  });

  it('given one thread, then its jobs run one after the other, in the order given', async () => {
    threads = new HashThreads(1);
    const { value: stored } = await threads.hash('correct horse');
    const answers = await Promise.all([threads.verify(stored, 'a'), threads.verify(stored, 'correct horse'), threads.verify(stored, 'b')]);
    expect(answers.map((a) => a.value)).toEqual([false, true, false]);
    expect(mostAtOnce(answers)).toBe(1);
    expect(answers[0]!.endedAt).toBeLessThanOrEqual(answers[1]!.startedAt);
    expect(answers[1]!.endedAt).toBeLessThanOrEqual(answers[2]!.startedAt);
  });

  it('given a thread that ends under its jobs, then they fail, and the next job gets a new thread', async () => {
    threads = new HashThreads(1);
    const { value: stored } = await threads.hash('correct horse');
    const pending = threads.verify(stored, 'correct horse');
    const [thread] = (threads as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads;
    await thread!.worker.terminate();
    await expect(pending).rejects.toThrow(/hashing thread ended/);
    expect((await threads.verify(stored, 'correct horse')).value).toBe(true);
  });

  it('given a job in flight, then its thread holds the process open, and once every job is answered it no longer does', async () => {
    // a worker that holds the event loop open is listed as a MessagePort among the active resources
    const held = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = held();
    threads = new HashThreads(2);
    const first = threads.hash('correct horse');
    const second = threads.hash('another');
    expect(held()).toBe(before + 2);
    const { value: stored } = await first;
    await second;
    expect(held()).toBe(before);
    // one thread busy, the other idle: only the busy one holds the process
    const pending = threads.verify(stored, 'correct horse');
    expect(held()).toBe(before + 1);
    expect((await pending).value).toBe(true);
    expect(held()).toBe(before);
  });

  it('given close, then unanswered jobs fail and later ones are refused', async () => {
    threads = new HashThreads(1);
    const pending = threads.hash('correct horse');
    await threads.close();
    await expect(pending).rejects.toThrow();
    await expect(threads.hash('again')).rejects.toThrow(/closed/);
  });
});
