import type { FastifyInstance, InjectOptions } from 'fastify';

export interface TestResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  headers?: Record<string, string>;
  /** raw payload (string or Buffer) instead of JSON */
  raw?: string | Buffer;
  /** do not add the Origin header on unsafe methods */
  noOrigin?: boolean;
}

/**
 * An HTTP client over `app.inject` that behaves like the dashboard: it keeps the session
 * cookie it is given and sends the app's Origin on unsafe methods.
 */
export class TestClient {
  cookie: string | null = null;
  bearer: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly origin: string,
  ) {}

  async request<T = any>(method: Method, url: string, body?: unknown, options: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };
    if (this.cookie) headers.cookie = `userhub_session=${this.cookie}`;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (method !== 'GET' && method !== 'HEAD' && !options.noOrigin) headers.origin = this.origin;
    const inject: InjectOptions = { method, url, headers: { ...headers, ...options.headers } };
    if (options.raw !== undefined) inject.payload = options.raw;
    else if (body !== undefined) {
      inject.payload = JSON.stringify(body);
      (inject.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await this.app.inject(inject);
    const setCookie = res.cookies.find((c) => c.name === 'userhub_session');
    if (setCookie) this.cookie = setCookie.value === '' ? null : setCookie.value;
    let parsed: unknown = undefined;
    if (res.body && /json/.test(String(res.headers['content-type']))) parsed = JSON.parse(res.body);
    return { status: res.statusCode, headers: res.headers as TestResponse['headers'], body: parsed as T, text: res.body };
  }

  get<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, undefined, options);
  }
  post<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', url, body, options);
  }
  put<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', url, body, options);
  }
  patch<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', url, body, options);
  }
  delete<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('DELETE', url, body, options);
  }
}
