import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { i18n } from '../i18n';

/**
 * A failure the browser reports rather than the server (a passkey ceremony the authenticator
 * refused, a browser without WebAuthn): it carries the translation key of its message.
 */
export class LocalizedError extends Error {
  readonly key: string;
  /** the form field it is about: useFieldErrors shows it there (and focuses it), not in the form's alert */
  readonly field: string | null;

  constructor(key: string, options?: { cause?: unknown; field?: string }) {
    super(key, options);
    this.name = 'LocalizedError';
    this.key = key;
    this.field = options?.field ?? null;
  }
}

/**
 * The translated message for an error: the problem `code` when we know it (with its numbers,
 * e.g. the seconds to wait), else a translated sentence for its status class. Never the
 * server's English `detail`.
 */
export function problemMessage(t: TFunction, error: unknown): string {
  if (error instanceof LocalizedError) return t(error.key);
  if (!(error instanceof ApiError)) return t('problems.unexpected');
  const values = problemValues(error);
  const key = `problems.${error.code}`;
  if (i18n.exists(key)) return t(key, values);
  if (error.status === 0) return t('problems.network_error');
  if (error.status === 429) return t('problems.rate_limited', values);
  if (error.status >= 500) return t('problems.server_error');
  if (error.status === 404) return t('problems.not_found');
  if (error.status === 403) return t('problems.forbidden');
  if (error.status === 413) return t('problems.payload_too_large');
  if (error.status === 415) return t('problems.unsupported_media_type');
  return t('problems.request_failed');
}

/** The numbers a problem's message may need (`{{seconds}}`, `{{minLength}}` …), with defaults. */
export function problemValues(error: ApiError) {
  const extra = error.problem;
  return {
    seconds: error.retryAfter ?? 60,
    minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)),
    minLength: typeof extra.minLength === 'number' ? extra.minLength : 8,
    maxLength: typeof extra.maxLength === 'number' ? extra.maxLength : 256,
  };
}
