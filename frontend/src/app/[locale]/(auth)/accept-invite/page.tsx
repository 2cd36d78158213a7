import { Heading, Stack, Text } from '@chakra-ui/react';
import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { AcceptInviteForm } from '@/components/auth/accept-invite-form';
import { FormError } from '@/components/form';
import { localeParam } from '@/i18n/routing';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: await localeParam(params), namespace: 'auth' });
  return { title: t('acceptTitle') };
}

export default async function AcceptInvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ token?: string }>;
}) {
  const locale = await localeParam(params);
  setRequestLocale(locale);
  const { token } = await searchParams;
  const t = await getTranslations('auth');
  return (
    <Stack gap="5">
      <Heading as="h1" size="xl">
        {t('acceptTitle')}
      </Heading>
      <Text color="fg.muted">{t('acceptIntro')}</Text>
      {token ? <AcceptInviteForm token={token} /> : <FormError message={t('inviteMissing')} />}
    </Stack>
  );
}
