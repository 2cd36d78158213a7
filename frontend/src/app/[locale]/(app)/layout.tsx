import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { redirect } from '@/i18n/navigation';
import { localeParam } from '@/i18n/routing';

/**
 * The session cookies are scoped to /api, so the page server only sees the readable CSRF cookie that
 * comes with every session: without it there is no session and the login page is the place to be.
 * With it the shell asks the API who is signed in (and renews an expired access token).
 */
export default async function AppLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const locale = await localeParam(params);
  if (!(await cookies()).has('csrf_token')) redirect({ href: '/login', locale });
  return <AppShell>{children}</AppShell>;
}
