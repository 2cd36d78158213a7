import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError, MethodNotAllowedError, PgErrorCode, pgErrorOf, RangeNotSatisfiableError, RateLimitedError } from './errors.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Fastify reports its own failures (body parsing, routing) with a `code`. */
interface FrameworkError {
  code?: string;
}

/** The same problem types as body-parser's failures had on Express. */
const FRAMEWORK_PROBLEMS: Record<string, Pick<Problem, 'type' | 'detail'>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { type: 'malformed-json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { type: 'malformed-json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { type: 'payload-too-large', detail: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { type: 'request-aborted', detail: 'The request body does not match its Content-Length.' },
};

/**
 * Turns every failure into RFC 9457 application/problem+json. Unknown errors become a bare 500:
 * their message, stack and any SQL stay in the log, never in the response.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error, this.logger);
  }
}

/** ProblemFilter's answer; also sent for the requests Fastify's router rejects before Nest sees them. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown, logger: Pick<Logger, 'error'>): void {
  const answered = methodNotAllowed(request, error) ?? error;
  const problem = toProblem(answered);
  if (problem.status >= 500) logger.error(error instanceof Error ? error.stack : String(error));
  // A list streamed in batches (JsonListWriter) that fails midway: cut it short rather than end it as if whole.
  if (reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  if (error instanceof RateLimitedError) reply.header('Retry-After', String(error.retryAfterSeconds));
  if (problem.type === 'database-busy') reply.header('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
  if (answered instanceof RangeNotSatisfiableError) reply.header('Content-Range', `bytes */${answered.size}`);
  if (answered instanceof MethodNotAllowedError) reply.header('Allow', answered.allowed.join(', '));
  problem.instance = request.originalUrl.split('?')[0];
  reply.status(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

/**
 * A route that is not found for this method but exists for others: 405 with the methods it allows,
 * rather than a 404 that says the path does not exist. (Services' own 404s are DomainErrors.)
 */
function methodNotAllowed(request: FastifyRequest, error: unknown): MethodNotAllowedError | undefined {
  if (!(error instanceof NotFoundException)) return undefined;
  const allowed = request.server.routeTable?.allowed(request.url.split('?')[0]!) ?? [];
  return allowed.length > 0 ? new MethodNotAllowedError(request.method, allowed) : undefined;
}

function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return { type: error.type, title: error.title, status: error.status, detail: error.message, ...error.extensions };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      type: 'database-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The database is not reachable; try again shortly.',
    };
  }
  if (isDatabaseBusy(error)) {
    return {
      type: 'database-busy',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The database is busy with other requests; nothing was changed. Try again shortly.',
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest's FastifyAdapter wraps Fastify's 4xx failures in an HttpException whose cause names the failure.
    const known = FRAMEWORK_PROBLEMS[(error.cause as FrameworkError | undefined)?.code ?? ''];
    return {
      type: known?.type ?? slug(status),
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail: known?.detail ?? httpDetail(error),
    };
  }
  return { type: 'internal-error', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred.' };
}

/**
 * PostgreSQL restarting or out of reach: the request may be retried, so 503 rather than 500. (SQLSTATE
 * class 08, connection exceptions; 57P01-57P03, shutdown and not accepting connections; the driver's
 * own refusals and resets.)
 */
function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET'].includes(code)))
      return true;
    if (typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/.test(message))
      return true;
  }
  return false;
}

/** Seconds a client is asked to wait after a busy database (lock or statement timeout). */
const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A statement that waited longer than lock_timeout for a lock (55P03), or ran longer than
 * statement_timeout (57014): the transaction rolled back whole, so the request can be retried; 503 with
 * Retry-After rather than 500. (Only a lock wait could also be a 409, but the client cannot tell what it
 * conflicted with, and the same request usually succeeds a moment later.)
 */
function isDatabaseBusy(error: unknown): boolean {
  const code = pgErrorOf(error)?.code;
  return code === PgErrorCode.lockNotAvailable || code === PgErrorCode.queryCanceled;
}

function slug(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}

function httpDetail(error: HttpException): string | undefined {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}
