import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError, RangeNotSatisfiableError, RateLimitedError } from './errors.js';

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
  const problem = toProblem(error);
  if (problem.status >= 500) logger.error(error instanceof Error ? error.stack : String(error));
  // A list streamed in batches (JsonListWriter) that fails midway: cut it short rather than end it as if whole.
  if (reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  if (error instanceof RateLimitedError) reply.header('Retry-After', String(error.retryAfterSeconds));
  if (error instanceof RangeNotSatisfiableError) reply.header('Content-Range', `bytes */${error.size}`);
  problem.instance = request.originalUrl.split('?')[0];
  reply.status(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return { type: error.type, title: error.title, status: error.status, detail: error.message, ...error.extensions };
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

function slug(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}

function httpDetail(error: HttpException): string | undefined {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}
