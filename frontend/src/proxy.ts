import createMiddleware from 'next-intl/middleware';
import { NextResponse, type NextRequest } from 'next/server';
import { routing } from './i18n/routing';

const localeRouting = createMiddleware(routing);

/** Where the API listens; read at run time so one build serves any deployment. */
const apiOrigin = () => process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;

/** Pages that need no session. */
const PUBLIC_PAGES = new Set(['login', 'signup', 'accept-invite']);

/**
 * A page of the app opened without a session (a deep link from a message, a bookmark) goes to the login
 * page, which returns there afterwards (`next`, without the locale: the login page adds its own). The
 * session cookies are scoped to /api; the readable csrf_token cookie comes with every session.
 */
function loginFirst(request: NextRequest): NextResponse | undefined {
  const { pathname, search } = request.nextUrl;
  const match = new RegExp(`^/(${routing.locales.join('|')})(/.*)?$`).exec(pathname);
  if (!match || request.cookies.has('csrf_token')) return undefined;
  const path = match[2] ?? '/';
  if (path === '/' || PUBLIC_PAGES.has(path.split('/')[1] ?? '')) return undefined;
  const login = new URL(`/${match[1]}/login`, request.url);
  login.searchParams.set('next', `${path}${search}`);
  return NextResponse.redirect(login);
}

/** Proves to the API that a request came through this proxy, so it believes the X-Forwarded-For added here. */
const PROXY_SECRET_HEADER = 'x-dental-proxy-secret';

/**
 * `/api/*` goes to the API on the same origin (the HttpOnly session cookies then need no CORS). The
 * production server (server.mjs) pipes /api itself, streamed, before Next sees it: this rewrite serves
 * `next dev` and `next start` only, and holds each body in memory, cut at 10 MB;
 * every other page gets its locale prefix (/en, /ar) from the URL, the remembered cookie or the browser,
 * and a Content-Security-Policy with a fresh nonce (Next puts it on its own scripts).
 */
export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/api' || pathname.startsWith('/api/')) return toApi(request, `${pathname}${search}`);
  const toLogin = loginFirst(request);
  if (toLogin) return toLogin;
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, request);
  const response = localeRouting(request);
  passRequestHeader(response, request, 'content-security-policy', csp);
  response.headers.set('Content-Security-Policy', csp);
  if (request.headers.get('x-forwarded-proto') === 'https' || request.nextUrl.protocol === 'https:') {
    response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  return response;
}

function toApi(request: NextRequest, path: string) {
  const headers = new Headers(request.headers);
  headers.delete(PROXY_SECRET_HEADER);
  const secret = process.env.API_PROXY_SECRET;
  if (secret) headers.set(PROXY_SECRET_HEADER, secret);
  return NextResponse.rewrite(new URL(path, apiOrigin()), { request: { headers } });
}

function contentSecurityPolicy(nonce: string, request: NextRequest): string {
  const scripts = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  // Next's development server evaluates code; production never does.
  if (process.env.NODE_ENV === 'development') scripts.push(`'unsafe-eval'`);
  return [
    `default-src 'self'`,
    `script-src ${scripts.join(' ')}`,
    // Chakra (Emotion) writes its styles in <style> tags at run time.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self'`,
    // The live calendar's WebSocket (/api/live) on this same host: named explicitly, since older browsers
    // do not count ws:/wss: as 'self'.
    `connect-src 'self' ${liveOrigin(request)}`,
    `frame-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

function liveOrigin(request: NextRequest): string {
  const secure = request.headers.get('x-forwarded-proto') === 'https' || request.nextUrl.protocol === 'https:';
  const host = request.headers.get('host') ?? request.nextUrl.host;
  // The Host header comes from the client: only a plain host[:port] goes into the policy.
  return /^[\w.-]+(:\d+)?$|^\[[\da-f:]+\](:\d+)?$/i.test(host) ? `${secure ? 'wss' : 'ws'}://${host}` : '';
}

/**
 * Hands a request header to the page render (Next reads the CSP nonce from the request's own
 * Content-Security-Policy header) after next-intl made the response, the way NextResponse.next({request})
 * does it: the override list names every request header the render is to see.
 */
function passRequestHeader(response: NextResponse, request: NextRequest, name: string, value: string): void {
  const listed = response.headers.get('x-middleware-override-headers');
  const names = listed ? listed.split(',') : [...request.headers.keys()];
  if (!listed) for (const key of names) response.headers.set(`x-middleware-request-${key}`, request.headers.get(key)!);
  response.headers.set(`x-middleware-request-${name}`, value);
  response.headers.set('x-middleware-override-headers', [...new Set([...names, name])].join(','));
}

export const config = {
  matcher: ['/api/:path*', '/((?!_next|_vercel|.*\\..*).*)'],
};
