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

/**
 * `/api/*` goes to the API on the same origin (the HttpOnly session cookies then need no CORS; a
 * WebSocket upgrade to /api/live is proxied too, see docs/decisions.md); every other page gets its
 * locale prefix (/en, /ar) from the URL, the remembered cookie or the browser.
 */
export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return NextResponse.rewrite(new URL(`${pathname}${search}`, apiOrigin()));
  }
  return loginFirst(request) ?? localeRouting(request);
}

export const config = {
  matcher: ['/api/:path*', '/((?!_next|_vercel|.*\\..*).*)'],
};
