import { afterEach, describe, expect, it, vi } from 'vitest';

// The dashboard's client, loaded at run time: its types need the DOM library, which the server's
// tsconfig (the one that checks test/) leaves out; web/tsconfig.json checks the client itself.
const CLIENT: string = '../../web/src/api/client.js';
const { ApiError, requestFile } = (await import(CLIENT)) as {
  ApiError: new (...args: never[]) => Error & { code: string; status: number };
  requestFile(path: string): Promise<{ blob: Blob; filename: string | null }>;
};
type ApiError = InstanceType<typeof ApiError>;

/**
 * The dashboard's data export download (requestFile) runs under the same time limit as every
 * other request: a server that never answers, or stops sending the file halfway, ends in
 * `network_timeout` ("The server did not answer in time") instead of "Preparing…" forever.
 * The limit's timer is replaced by one the test fires (the real one is two minutes).
 */
describe('dashboard client: the data export download has a time limit', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  /** AbortSignal.timeout made controllable: returns the function that makes it fire. */
  function controllableTimeout() {
    const controller = new AbortController();
    const timeout = vi.spyOn(AbortSignal, 'timeout').mockReturnValue(controller.signal);
    return { timeout, fire: () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')) };
  }

  /** A fetch that answers only when its signal aborts (then it rejects, as the browser's does). */
  const hangingFetch = vi.fn((_url: string, init: RequestInit) => new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))));

  it('given a server that never answers, then the download fails with network_timeout once the limit passes', async () => {
    const { timeout, fire } = controllableTimeout();
    vi.stubGlobal('fetch', hangingFetch);
    const download = requestFile('/profile/export');
    expect(timeout).toHaveBeenCalledWith(120_000);
    expect(hangingFetch.mock.calls[0]?.[0]).toBe('/api/v1/profile/export');
    fire();
    const failure = await download.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('network_timeout');
    expect((failure as ApiError).status).toBe(0);
  });

  it('given a file whose bytes stop arriving, then the download fails with network_timeout too', async () => {
    const { fire } = controllableTimeout();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array([0x50, 0x4b]));
            init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        });
        return new Response(body, { status: 200, headers: { 'content-disposition': 'attachment; filename="userhub-data.zip"' } });
      }),
    );
    const download = requestFile('/profile/export');
    await new Promise((resolve) => setTimeout(resolve, 10));
    fire();
    const failure = await download.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('network_timeout');
  });

  it('given a server that answers in time, then the file and its name arrive', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('zip bytes', { status: 200, headers: { 'content-disposition': 'attachment; filename="userhub-data.zip"' } })));
    const { blob, filename } = await requestFile('/profile/export');
    expect(filename).toBe('userhub-data.zip');
    expect(await blob.text()).toBe('zip bytes');
  });
});
