import type { FastifyRequest } from 'fastify';
import { invalidTextError } from './field-errors.js';
import { badRequest } from './problem.js';

/**
 * NUL (PostgreSQL text cannot hold it) or an unpaired surrogate (both engines would store U+FFFD
 * instead): in a /u regex a surrogate pair is one code point, so only a lone half matches \p{Cs}.
 */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000\p{Cs}]/u;

const isCleanText = (value: string): boolean => !NOT_TEXT.test(value);

/** The path (`body/name`, `query/q`) of the first string, key included, that is not clean text. */
function findDirtyText(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return isCleanText(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (depth > 32) return path; // deeper than any schema takes: refused rather than left unread
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findDirtyText(value[i], `${path}/${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key in value) {
    if (!isCleanText(key)) return path;
    const found = findDirtyText((value as Record<string, unknown>)[key], `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

const hasAny = (value: unknown): boolean => {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'object') return true;
  for (const _ in value) return true;
  return false;
};

/**
 * Whether the percent-encoded bytes of the query string are UTF-8. Fastify's parser keeps a
 * sequence that is not (`%ED%A0%80`, an encoded unpaired surrogate) as literal text, where the
 * router refuses such a path; a stray `%` that starts no escape stays literal text, as there.
 */
function queryDecodes(url: string): boolean {
  const start = url.indexOf('?');
  if (start === -1 || !url.includes('%', start)) return true;
  try {
    decodeURIComponent(url.slice(start + 1).replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Text arriving in path parameters, the query string or a JSON body must be well-formed Unicode
 * without NUL: @throws 400 invalid_request (as a schema error), before any guard, schema or store sees
 * it; 400 malformed_url for a query string whose escapes are not UTF-8.
 */
export function assertCleanText(request: FastifyRequest): void {
  if (!queryDecodes(request.url)) throw badRequest('malformed_url', 'The URL is not correctly encoded.');
  refuseDirty(request.params, 'path');
  refuseDirty(request.query, 'query');
  refuseDirty(request.body, 'body');
}

function refuseDirty(value: unknown, where: string): void {
  if (!hasAny(value)) return;
  const path = findDirtyText(value, where);
  if (path) {
    throw badRequest('invalid_request', 'Text must not contain NUL characters or unpaired surrogates.', {
      errors: [invalidTextError(path)],
    });
  }
}
