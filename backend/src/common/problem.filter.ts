import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, RateLimitedError } from './errors.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** body-parser reports failures with a `type`. */
interface MiddlewareError {
  type?: string;
}

const MIDDLEWARE_PROBLEMS: Record<string, Pick<Problem, 'type' | 'detail'>> = {
  'entity.parse.failed': { type: 'malformed-json', detail: 'The request body is not valid JSON.' },
  'entity.too.large': { type: 'payload-too-large', detail: 'The request body is too large.' },
  'encoding.unsupported': { type: 'unsupported-encoding', detail: 'The request encoding is not supported.' },
  'charset.unsupported': { type: 'unsupported-charset', detail: 'The request charset is not supported.' },
  'request.aborted': { type: 'request-aborted', detail: 'The request was aborted.' },
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
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    // A list streamed in batches (JsonListWriter) that fails midway: cut it short rather than end it as if whole.
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof RateLimitedError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    problem.instance = request.originalUrl.split('?')[0];
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof DomainError) {
      return { type: error.type, title: error.title, status: error.status, detail: error.message, ...error.extensions };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Nest wraps body-parser failures in an HttpException whose cause names the failure.
      const known = MIDDLEWARE_PROBLEMS[(error.cause as MiddlewareError | undefined)?.type ?? ''];
      return {
        type: known?.type ?? slug(status),
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: known?.detail ?? httpDetail(error),
      };
    }
    return { type: 'internal-error', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred.' };
  }
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
