import { Heading, Stack, Text } from '@chakra-ui/react';
import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { SignupForm } from '@/components/auth/signup-form';
import { Link } from '@/i18n/navigation';
import { localeParam } from '@/i18n/routing';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: await localeParam(params), namespace: 'auth' });
  return { title: t('signupTitle') };
}

export default async function SignupPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await localeParam(params);
  setRequestLocale(locale);
  const t = await getTranslations('auth');
  return (
    <Stack gap="5">
      <Heading as="h1" size="xl">
        {t('signupTitle')}
      </Heading>
      <Text color="fg.muted">{t('signupIntro')}</Text>
      <SignupForm />
      <Text fontSize="sm">
        {t('haveAccount')} <Link href="/login">{t('loginLink')}</Link>
      </Text>
    </Stack>
  );
}
