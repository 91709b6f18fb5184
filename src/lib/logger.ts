import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import { urlPath } from './url-path.js';

/** The few log methods services use; Fastify's pino logger fits it. */
export interface Logger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/**
 * A logger services can hold before the HTTP server (and its pino logger) exists:
 * silent until `attach` is called by buildApp. The CLI leaves it silent.
 */
export class LoggerRef implements Logger {
  private target: Logger | null = null;

  attach(target: Logger): void {
    this.target = target;
  }

  info(details: object, message?: string): void {
    this.target?.info(details, message);
  }

  warn(details: object, message?: string): void {
    this.target?.warn(details, message);
  }

  error(details: object, message?: string): void {
    this.target?.error(details, message);
  }
}

interface LoggedRequest {
  method: string;
  url: string;
  host: string;
  ip: string;
}

/**
 * The application's pino logger. Requests (the access log) are logged by method, path, host and
 * client address: never the query string, which may carry an emailed link's token.
 */
export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  const options = {
    level,
    serializers: {
      req: (request: LoggedRequest) => ({ method: request.method, path: urlPath(request.url), host: request.host, remoteAddress: request.ip }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
