const API_CSP = "default-src 'none'; frame-ancestors 'none'";
/** The dashboard: own scripts only, images from us and Gravatar, no framing. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https://www.gravatar.com",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const HSTS = 'max-age=31536000; includeSubDomains';

export interface SecurityHeaders {
  /** every /api/v1 answer, and every answer written before a route is known (never cached) */
  api: Readonly<Record<string, string>>;
  /** the dashboard's pages and assets */
  page: Readonly<Record<string, string>>;
}

/** The headers every response carries; HSTS only when the public origin is https. */
export function securityHeaders(publicOrigin: string): SecurityHeaders {
  const common: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (publicOrigin.startsWith('https://')) common['strict-transport-security'] = HSTS;
  return {
    api: Object.freeze({ ...common, 'content-security-policy': API_CSP, 'cache-control': 'no-store' }),
    page: Object.freeze({ ...common, 'content-security-policy': PAGE_CSP }),
  };
}
