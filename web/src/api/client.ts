/**
 * The one way the dashboard talks to the server: same-origin fetch under /api/v1, JSON in and
 * out, RFC 9457 problems turned into ApiError (whose `code` the UI translates).
 */

import type { Problem } from './types';

export const API_BASE = '/api/v1';

/** A problem from the server, or one made up here when there was no answer (`network_error`, status 0). */
export type ProblemBody = Pick<Problem, 'status' | 'code'> & Partial<Problem> & { retryAfter?: number };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: ProblemBody;

  constructor(problem: ProblemBody) {
    super(problem.detail ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** Seconds to wait (429), from the body or the Retry-After header. */
  get retryAfter(): number | null {
    const value = this.problem.retryAfter;
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

/**
 * The server answered and refused (a 4xx: not found, not allowed, expired…): asking again gives
 * the same answer. Anything else (offline, a timeout, a 5xx) may work on a second try, and so
 * may 408 and 429 (too many requests: the problem says how long to wait).
 */
export const isRefusal = (error: unknown): boolean =>
  error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How long a request may take before the dashboard gives up and says so (`network_timeout`):
 * a save never spins forever. Files (uploads of pictures up to 10 MB, the data export) get longer.
 */
const REQUEST_TIMEOUT_MS = 20_000;
const FILE_TIMEOUT_MS = 120_000;

/**
 * Listeners for problems that concern the whole app rather than one form: `unauthenticated`
 * (the session is gone: revoked elsewhere, expired) and `twofactor_setup_required`.
 */
const problemListeners = new Map<string, Set<() => void>>();
export function onProblem(code: string, listener: () => void): () => void {
  const set = problemListeners.get(code) ?? new Set();
  set.add(listener);
  problemListeners.set(code, set);
  return () => set.delete(listener);
}

async function problemFrom(response: Response): Promise<ProblemBody> {
  const fallback: ProblemBody = { status: response.status, code: response.status >= 500 ? 'server_error' : 'request_failed' };
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    return fallback;
  }
  if (body && typeof body === 'object' && typeof (body as ProblemBody).code === 'string') {
    const problem = body as ProblemBody;
    if (problem.retryAfter === undefined) {
      const header = Number(response.headers.get('retry-after'));
      if (Number.isFinite(header) && header > 0) problem.retryAfter = header;
    }
    return { ...problem, status: response.status };
  }
  return fallback;
}

/**
 * One round trip under the time limit: the answer when it is a 2xx, read by `read` within the
 * same limit (a body can stall too), else the problem as ApiError (`network_timeout` once the
 * limit passed, `network_error` when there was no answer). A caller's own abort (`signal`) is
 * rethrown as it is.
 */
async function send<T>(path: string, init: RequestInit, timeoutMs: number, read: (response: Response) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const failed = (error: unknown) => {
    if (signal?.aborted) return error;
    return new ApiError({ status: 0, code: timeout.aborted ? 'network_timeout' : 'network_error' });
  };
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { ...init, credentials: 'same-origin', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    throw failed(error);
  }
  if (!response.ok) {
    const problem = await problemFrom(response);
    for (const listener of problemListeners.get(problem.code) ?? []) listener();
    throw new ApiError(problem);
  }
  try {
    return await read(response);
  } catch (error) {
    // a body cut off by the time limit (or the network); a JSON syntax error stays what it is
    if (timeout.aborted || (error instanceof DOMException && error.name === 'AbortError') || error instanceof TypeError) throw failed(error);
    throw error;
  }
}

/** A GET whose answer is a file (the data export): its bytes and the name the server gave it. */
export async function requestFile(path: string): Promise<{ blob: Blob; filename: string | null }> {
  return send(path, {}, FILE_TIMEOUT_MS, async (response) => ({
    blob: await response.blob(),
    filename: /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null,
  }));
}

export async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // CSRF: the server also checks Origin; this header covers browsers that omit it.
  if (method !== 'GET') headers['x-requested-with'] = 'userhub';
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return send(
    path,
    { method, headers, body: payload },
    body instanceof FormData ? FILE_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
    async (response) => {
      if (response.status === 204 || response.status === 202) return undefined as T;
      const type = response.headers.get('content-type') ?? '';
      return (type.includes('json') ? await response.json() : undefined) as T;
    },
    signal,
  );
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  /** POST without any body (routes whose body is optional as a whole) */
  postEmpty: <T>(path: string) => request<T>('POST', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  /** DELETE sends a JSON body only when given one (some deletions need the password). */
  delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/** `?a=1&b=2` from the defined entries, or ''. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
