import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.js';

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';

/** Paths the cookies are sent on: the refresh token never leaves the auth endpoints. */
export const ACCESS_COOKIE_PATH = '/api';
export const REFRESH_COOKIE_PATH = '/api/auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The X-CSRF-Token header a state-changing request carries, if it is one (safe methods need none). */
export function csrfHeaderToCheck(request: FastifyRequest): { required: boolean; header: string | undefined } {
  if (SAFE_METHODS.has(request.method)) return { required: false, header: undefined };
  const header = request.headers[CSRF_HEADER];
  return { required: true, header: typeof header === 'string' && header.length > 0 ? header : undefined };
}

/**
 * The check for a request authenticated by cookie: a state-changing request must send, in the
 * X-CSRF-Token header, the token of its login session (the readable csrf_token cookie holds it).
 * Another site can make the browser send the cookies but can neither read them nor make the token.
 */
export function assertCsrf(request: FastifyRequest, matches: (header: string | undefined) => boolean): void {
  const { required, header } = csrfHeaderToCheck(request);
  if (required && !matches(header)) {
    throw new ForbiddenError('A valid X-CSRF-Token header is required for cookie-authenticated requests.', 'csrf-failed');
  }
}
