'use client';

import { Badge, Box, Button, Center, Flex, Spinner, Stack, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { NextIntlClientProvider, useLocale, useMessages, useTranslations } from 'next-intl';
import { Suspense, useEffect, type ReactNode } from 'react';
import { api, onSessionLost } from '@/api/client';
import { ApiError, call } from '@/api/problem';
import { LanguageSwitcher } from '@/components/language-switcher';
import { FormError, useErrorMessage } from '@/components/form';
import { Link, usePathname, useRouter } from '@/i18n/navigation';
import { keys } from '@/lib/queries';
import { sectionsFor, type Section } from '@/lib/sections';
import { SessionContext, useSession } from '@/lib/session';

const HREF: Record<Section, string> = {
  dashboard: '/dashboard',
  calendar: '/calendar',
  patients: '/patients',
  notifications: '/notifications',
  services: '/services',
  staff: '/staff',
  settings: '/settings',
};

/** Loads who is signed in and their clinic, then frames every app page with the navigation their role may use. */
export function AppShell({ children }: { children: ReactNode }) {
  const t = useTranslations('shell');
  const locale = useLocale();
  const messages = useMessages();
  const pathname = usePathname();
  const router = useRouter();
  const errorMessage = useErrorMessage();

  useEffect(() => {
    onSessionLost(() => router.replace(`/login?next=${encodeURIComponent(pathname)}`));
  }, [router, pathname]);

  const me = useQuery({ queryKey: keys.me, queryFn: () => call(api.GET('/api/users/me')) });
  const clinic = useQuery({ queryKey: keys.clinic, queryFn: () => call(api.GET('/api/clinics/me')) });

  const error = me.error ?? clinic.error;
  if (error) {
    if (error instanceof ApiError && error.status === 401)
      return (
        <Center minH="100vh">
          <Spinner />
        </Center>
      );
    return (
      <Center minH="100vh" p="6">
        <FormError message={errorMessage(error)} />
      </Center>
    );
  }
  if (!me.data || !clinic.data) {
    return (
      <Center minH="100vh" aria-busy="true">
        <Spinner size="lg" />
        <Text ms="3">{t('loading')}</Text>
      </Center>
    );
  }

  const session = { user: me.data, clinic: clinic.data };
  return (
    <SessionContext.Provider value={session}>
      <NextIntlClientProvider locale={locale} messages={messages} timeZone={clinic.data.timezone}>
        <Flex minH="100vh" direction={{ base: 'column', md: 'row' }}>
          <Navigation sections={sectionsFor(me.data.role)} />
          <Flex direction="column" flex="1" minW="0">
            <TopBar />
            <Box as="main" p={{ base: '3', md: '5' }} flex="1" minW="0">
              {children}
            </Box>
          </Flex>
        </Flex>
      </NextIntlClientProvider>
    </SessionContext.Provider>
  );
}

function Navigation({ sections }: { sections: Section[] }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  return (
    <Box as="nav" aria-label={t('label')} bg="teal.800" color="white" w={{ base: 'full', md: '52' }} flexShrink={0} p="3">
      <Text fontWeight="bold" fontSize="lg" mb={{ base: '2', md: '6' }} px="2">
        {t('brand')}
      </Text>
      <Stack direction={{ base: 'row', md: 'column' }} gap="1" wrap="wrap">
        {sections.map((section) => {
          const active = pathname === HREF[section] || pathname.startsWith(`${HREF[section]}/`);
          return (
            <Link key={section} href={HREF[section]} aria-current={active ? 'page' : undefined} data-testid={`nav-${section}`}>
              <Box px="3" py="2" borderRadius="md" bg={active ? 'teal.600' : undefined} _hover={{ bg: 'teal.700' }}>
                {t(section)}
              </Box>
            </Link>
          );
        })}
      </Stack>
    </Box>
  );
}

function TopBar() {
  const t = useTranslations('shell');
  const tRoles = useTranslations('roles');
  const router = useRouter();
  const queryClient = useQueryClient();
  const { user, clinic } = useSession();

  const logout = async () => {
    await api.POST('/api/auth/logout', { body: {} }).catch(() => undefined);
    queryClient.clear();
    router.replace('/login');
  };

  return (
    <Flex as="header" align="center" justify="space-between" px={{ base: '3', md: '5' }} py="2" borderBottomWidth="1px" gap="3" wrap="wrap">
      <Text fontWeight="semibold" data-testid="clinic-name">
        {clinic.name}
      </Text>
      <Flex align="center" gap="3">
        <Text fontSize="sm">
          {user.firstName} {user.lastName} <Badge ms="1">{tRoles(user.role)}</Badge>
        </Text>
        <Suspense>
          <LanguageSwitcher />
        </Suspense>
        <Button size="sm" variant="outline" onClick={() => void logout()} data-testid="logout">
          {t('logout')}
        </Button>
      </Flex>
    </Flex>
  );
}
