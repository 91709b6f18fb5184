import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from './error-handler.js';
import { type ProblemCode, type ProblemStatus, problemBody } from './problem.js';

type ClientError = Error & { code?: string };

function classify(error: ClientError): { status: ProblemStatus; code: ProblemCode; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'headers_too_large', detail: 'The request headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', detail: 'The request did not arrive in time.' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'payload_too_large', detail: 'The request body is too large.' };
    default:
      return { status: 400, code: 'bad_request', detail: 'The request is not valid HTTP.' };
  }
}

/**
 * Node's own answer to a request it cannot parse (431, 408, 400) has no body and none of our
 * headers: this writes a problem+json with them on the socket instead, then closes it. Nothing
 * of the request is echoed.
 */
export function clientErrorHandler(headers: Readonly<Record<string, string>>) {
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (error: ClientError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, code, detail } = classify(error);
    // a response already on its way (headers sent) cannot be replaced without corrupting it
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const body = JSON.stringify(problemBody(status, code, detail));
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
          `connection: close\r\n${extra}\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
