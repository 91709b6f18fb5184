import { describe, expect, it } from 'vitest';
import { BatchedLoader } from '../../src/db/batched-loader.js';

/** A load that waits until released, recording the keys of each call. */
function controllable() {
  const calls: { keys: string[]; context: string; release: () => void; fail: (error: Error) => void }[] = [];
  const load = (keys: string[], context: string) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      calls.push({ keys, context, release: () => resolve(new Map(keys.map((k) => [k, `value of ${k}`]))), fail: reject });
    });
  return { calls, load };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('batched loader', () => {
  it('starts a lone request at the end of the turn, alone', async () => {
    const { calls, load } = controllable();
    const loader = new BatchedLoader(load);
    const value = loader.get('a', 'now-a');
    expect(calls).toEqual([]);
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([['a']]);
    calls[0]!.release();
    expect(await value).toBe('value of a');
  });

  it('loads the keys asked in one turn together', async () => {
    const { calls, load } = controllable();
    const loader = new BatchedLoader(load);
    const values = [loader.get('a', 't1'), loader.get('b', 't2'), loader.get('a', 't3')];
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([['a', 'b']]);
    expect(calls[0]!.context).toBe('t1'); // the first waiting caller's
    calls[0]!.release();
    expect(await Promise.all(values)).toEqual(['value of a', 'value of b', 'value of a']);
  });

  it('keeps at most `concurrency` loads running and gives the keys asked meanwhile to the next one, each key once', async () => {
    const { calls, load } = controllable();
    const loader = new BatchedLoader(load, 1);
    const first = loader.get('a', 't1');
    await tick();
    const waiting = [loader.get('c', 't3'), loader.get('d', 't4'), loader.get('c', 't5')];
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([['a']]);
    calls[0]!.release();
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['c', 'd']]);
    expect(calls[1]!.context).toBe('t3');
    calls[1]!.release();
    expect(await Promise.all([first, ...waiting])).toEqual(['value of a', 'value of c', 'value of d', 'value of c']);
  });

  it('answers undefined for a key the load did not find, and caps a batch at maxBatch keys', async () => {
    const seen: string[][] = [];
    const loader = new BatchedLoader(async (keys: string[]) => {
      seen.push(keys);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    }, 1, 2);
    const answers = await Promise.all(['x', 'missing', 'y', 'z'].map((k) => loader.get(k, '')));
    expect(answers).toEqual(['X', undefined, 'Y', 'Z']);
    expect(seen).toEqual([['x', 'missing'], ['y', 'z']]);
  });

  it('a failed load rejects its own callers only, and the loader goes on', async () => {
    const { calls, load } = controllable();
    const loader = new BatchedLoader(load, 1);
    const failing = loader.get('a', '');
    await tick();
    const next = loader.get('b', '');
    calls[0]!.fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await tick();
    calls[1]!.release();
    expect(await next).toBe('value of b');
  });
});
