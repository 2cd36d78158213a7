import createMiddleware from 'next-intl/middleware';
import { NextResponse, type NextRequest } from 'next/server';
import { routing } from './i18n/routing';

const localeRouting = createMiddleware(routing);

/** Where the API listens; read at run time so one build serves any deployment. */
const apiOrigin = () => process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;

/**
 * `/api/*` goes to the API on the same origin (the HttpOnly session cookies then need no CORS);
 * every other page gets its locale prefix (/en, /ar) from the URL, the remembered cookie or the browser.
 */
export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return NextResponse.rewrite(new URL(`${pathname}${search}`, apiOrigin()));
  }
  return localeRouting(request);
}

export const config = {
  matcher: ['/api/:path*', '/((?!_next|_vercel|.*\\..*).*)'],
};
