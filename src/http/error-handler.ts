import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem, problemBody, titleFor } from './problem.js';
import type { Logger } from '../lib/logger.js';
import { urlPath } from '../lib/url-path.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

function send(reply: FastifyReply, status: number, code: string, detail?: string, extra?: Record<string, unknown>) {
  return reply
    .code(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problemBody(status, code, detail, extra));
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function describeValidation(error: FastifyError): { detail: string; errors: { path: string; message: string }[] } {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const where = error.validationContext ?? 'body';
  const errors = issues.slice(0, 10).map((issue) => {
    let field = issue.instancePath ?? '';
    const missing = issue.params?.requiredProperties ?? issue.params?.missingProperty;
    if (issue.keyword === 'required' && missing) field = `${field}/${Array.isArray(missing) ? missing.join(',') : String(missing)}`;
    return { path: `${where}${field}`, message: issue.message ?? 'is invalid' };
  });
  const first = errors[0];
  return { detail: first ? `${first.path}: ${first.message}` : `Invalid ${where}`, errors };
}

/** Maps Fastify's own errors to stable problem codes. */
function fromFastifyError(error: FastifyError): { status: number; code: string; detail?: string; extra?: Record<string, unknown> } | null {
  if (error.validation) {
    const { detail, errors } = describeValidation(error);
    return { status: 400, code: 'invalid_request', detail, extra: { errors } };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', detail: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: 'Send application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_request', detail: 'The JSON body is empty.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_request', detail: 'Content-Length does not match the body.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_json', detail: 'The body is not valid JSON.' };
    default:
      break;
  }
  if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
    return { status: 400, code: 'invalid_json', detail: 'The body is not valid JSON.' };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    // a framework message may quote the request (its URL, a header): the title says enough
    return { status: error.statusCode, code: error.statusCode === 429 ? 'rate_limited' : 'bad_request', detail: titleFor(error.statusCode) };
  }
  return null;
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
        return send(reply, 400, 'malformed_url', 'The URL is not correctly encoded.');
      case 'FST_ERR_MAX_PARAM_LENGTH':
        return send(reply, 404, 'not_found', 'Not found.');
      default: // FST_ERR_ASYNC_CONSTRAINT: no route of ours has one
        return send(reply, 500, 'internal_error', 'Something went wrong on our side.');
    }
  };
}

/** Every error leaves as RFC 9457 problem+json with a `code`; internals go to the log only. */
export function registerErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return send(reply, error.status, error.code, error.detail, error.extra);
    }
    const mapped = fromFastifyError(error);
    if (mapped) return send(reply, mapped.status, mapped.code, mapped.detail, mapped.extra);
    log.error({ err: error, reqId: request.id, method: request.method, url: urlPath(request.url) }, 'unhandled error');
    return send(reply, 500, 'internal_error', 'Something went wrong on our side. It has been logged.');
  });

  // the path is not echoed: a reflected URL is the attacker's text in our answer
  app.setNotFoundHandler((_request, reply) => send(reply, 404, 'not_found', 'There is no such route.'));
}
