import { redirect } from '@/i18n/navigation';
import { localeParam } from '@/i18n/routing';

export default async function Home({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await localeParam(params);
  redirect({ href: '/dashboard', locale });
}
