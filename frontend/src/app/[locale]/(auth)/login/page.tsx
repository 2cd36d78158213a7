import { Heading, Stack, Text } from '@chakra-ui/react';
import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { LoginForm } from '@/components/auth/login-form';
import { Link } from '@/i18n/navigation';
import { localeParam } from '@/i18n/routing';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: await localeParam(params), namespace: 'auth' });
  return { title: t('loginTitle') };
}

export default async function LoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ next?: string }>;
}) {
  const locale = await localeParam(params);
  setRequestLocale(locale);
  const { next } = await searchParams;
  const t = await getTranslations('auth');
  // Only a path inside this app may be the destination (no open redirect: "//host" and "/\\host" leave it).
  const destination = next && /^\/(?![/\\])/.test(next) ? next : '/dashboard';
  return (
    <Stack gap="5">
      <Heading as="h1" size="xl">
        {t('loginTitle')}
      </Heading>
      <LoginForm next={destination} />
      <Text fontSize="sm">
        {t('noAccount')} <Link href="/signup">{t('signupLink')}</Link>
      </Text>
    </Stack>
  );
}
