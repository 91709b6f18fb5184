import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, type ValidationIssue, fieldErrorsOf } from './field-errors.js';
import { Problem, problemBody } from './problem.js';
import type { Logger } from '../lib/logger.js';
import { urlPath } from '../lib/url-path.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

function send(reply: FastifyReply, { status, code, detail, extra, headers }: Problem) {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply
    .code(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problemBody(status, code, detail, extra));
}

/** Fastify's names of the parts of a request, as text-hygiene.ts names them too. */
const LOCATIONS: Readonly<Record<string, string>> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

/**
 * A schema failure: `errors` lists every failing field (field-errors.ts), `detail` repeats the
 * first as `path: message` as before.
 */
function describeValidation(error: FastifyError): { detail: string; errors: FieldError[] } {
  const where = LOCATIONS[error.validationContext ?? 'body'] ?? 'body';
  const errors = fieldErrorsOf((error.validation ?? []) as ValidationIssue[], where);
  const first = errors[0];
  return { detail: first ? `${first.path}: ${first.message}` : `Invalid ${where}`, errors };
}

/** Maps Fastify's own errors to stable problem codes. */
function fromFastifyError(error: FastifyError): Problem | null {
  if (error.validation) {
    const { detail, errors } = describeValidation(error);
    return new Problem(400, 'invalid_request', detail, { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new Problem(413, 'payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new Problem(415, 'unsupported_media_type', 'Send application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem(400, 'invalid_request', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem(400, 'invalid_request', 'Content-Length does not match the body.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, 'invalid_json', 'The body is not valid JSON.');
    default:
      break;
  }
  if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
    return new Problem(400, 'invalid_json', 'The body is not valid JSON.');
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    // a framework message may quote the request (its URL, a header): the title says enough
    return frameworkProblem(error.statusCode);
  }
  return null;
}

/**
 * A 4xx of the framework or a plugin (@fastify/multipart, @fastify/static for the dashboard's
 * files: a denied dotfile, a failed If-Match, an unsatisfiable Range) keeps its status, with a
 * code of the catalogue; a status none of them is known to send becomes 400.
 */
function frameworkProblem(status: number): Problem {
  switch (status) {
    case 403:
      return new Problem(403, 'request_refused', 'Forbidden');
    case 404:
      return new Problem(404, 'not_found', 'Not Found');
    case 412:
      return new Problem(412, 'precondition_failed', 'Precondition Failed');
    case 416:
      return new Problem(416, 'range_not_satisfiable', 'Range Not Satisfiable');
    case 413:
      return new Problem(413, 'payload_too_large', 'The request body is too large.');
    case 415:
      return new Problem(415, 'unsupported_media_type', 'Unsupported Media Type');
    case 429:
      return new Problem(429, 'rate_limited', 'Too Many Requests');
    default:
      return new Problem(400, 'bad_request', 'Bad Request');
  }
}

/**
 * Errors Fastify raises before any hook runs (so without the headers request-hygiene.ts sets):
 * a URL that does not decode, and a path parameter over the router's length limit, which can
 * name nothing and so is 404 (not 414). The URL is never echoed.
 */
export function frameworkErrorHandler(headers: Readonly<Record<string, string>>) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers);
    switch (error.code) {
      case 'FST_ERR_BAD_URL':
        return send(reply, new Problem(400, 'malformed_url', 'The URL is not correctly encoded.'));
      case 'FST_ERR_MAX_PARAM_LENGTH':
        return send(reply, new Problem(404, 'not_found', 'Not found.'));
      default: // FST_ERR_ASYNC_CONSTRAINT: no route of ours has one
        return send(reply, new Problem(500, 'internal_error', 'Something went wrong on our side.'));
    }
  };
}

/** Every error leaves as RFC 9457 problem+json with a `code`; internals go to the log only. */
export function registerErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) return send(reply, error);
    const mapped = fromFastifyError(error);
    if (mapped) return send(reply, mapped);
    log.error({ err: error, reqId: request.id, method: request.method, url: urlPath(request.url) }, 'unhandled error');
    return send(reply, new Problem(500, 'internal_error', 'Something went wrong on our side. It has been logged.'));
  });

  // the path is not echoed: a reflected URL is the attacker's text in our answer
  app.setNotFoundHandler((_request, reply) => send(reply, new Problem(404, 'not_found', 'There is no such route.')));
}
