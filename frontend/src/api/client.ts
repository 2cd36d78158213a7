import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { paths, components };

const CSRF_COOKIE = 'csrf_token';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : undefined;
}

/** The CSRF header for a write sent outside the typed client (an upload with progress). */
export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

/** Cookie-authenticated writes echo the readable CSRF cookie in a header (double submit). */
function withCsrf(request: Request): Request {
  if (SAFE_METHODS.has(request.method)) return request;
  const token = readCookie(CSRF_COOKIE);
  if (token) request.headers.set(CSRF_HEADER, token);
  return request;
}

let refreshing: Promise<boolean> | null = null;

/** Rotates the refresh token once for every request that found its access token expired at the same time. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch(withCsrf(new Request('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })))
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

let sessionLost: () => void = () => {};

/** The app shell registers where to go (the login page) when the session cannot be renewed. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

/** For callers outside the API client (the live socket) that found the session gone. */
export function endSession(): void {
  sessionLost();
}

/**
 * fetch for the API client: adds the CSRF header and, when the access token has expired (401), refreshes
 * the session and replays the request once.
 */
async function sessionFetch(request: Request): Promise<Response> {
  const replay = request.clone();
  const response = await fetch(withCsrf(request));
  if (response.status !== 401 || new URL(request.url).pathname.startsWith('/api/auth/')) return response;
  if (!(await refreshSession())) {
    sessionLost();
    return response;
  }
  return fetch(withCsrf(replay));
}

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  fetch: sessionFetch,
  credentials: 'same-origin',
});
