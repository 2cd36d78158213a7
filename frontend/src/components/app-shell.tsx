'use client';

import { Badge, Box, Button, Center, Flex, Spinner, Stack, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { NextIntlClientProvider, useLocale, useMessages, useTranslations } from 'next-intl';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { api, onSessionLost } from '@/api/client';
import { ApiError, call } from '@/api/problem';
import { LanguageSwitcher } from '@/components/language-switcher';
import { FormError, useErrorMessage } from '@/components/form';
import { PageNameContext } from '@/components/page';
import { Link, usePathname, useRouter } from '@/i18n/navigation';
import { keys } from '@/lib/queries';
import { sectionsFor, type Section } from '@/lib/sections';
import { SessionContext, useSession } from '@/lib/session';
import { MAIN_CONTENT } from '@/lib/main-content';
import { useDocumentTitle, useFocusHeadingOnNavigation } from '@/lib/page-focus';
import { useLiveStatus, useLiveUpdates } from '@/lib/live';
import { useIsPhone } from '@/lib/use-phone';

const HREF: Record<Section, string> = {
  dashboard: '/dashboard',
  calendar: '/calendar',
  patients: '/patients',
  billing: '/billing',
  notifications: '/notifications',
  services: '/services',
  reports: '/reports',
  staff: '/staff',
  audit: '/audit',
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

  // "Calendar · Riyadh Smiles": the page's own heading when it has one on screen, else its section's name.
  const tApp = useTranslations('app');
  const tNav = useTranslations('nav');
  const [pageName, setPageName] = useState<string | null>(null);
  const section = (Object.keys(HREF) as Section[]).find((key) => pathname === HREF[key] || pathname.startsWith(`${HREF[key]}/`));
  useDocumentTitle(
    clinic.data ? tApp('pageTitle', { page: pageName ?? (section ? tNav(section) : tApp('name')), site: clinic.data.name }) : undefined,
  );
  useFocusHeadingOnNavigation(pathname);
  const isPhone = useIsPhone();

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
  const phone = isPhone;
  return (
    <SessionContext.Provider value={session}>
      <NextIntlClientProvider locale={locale} messages={messages} timeZone={clinic.data.timezone}>
        <PageNameContext.Provider value={setPageName}>
          <LiveUpdates />
          <Flex minH="100vh" direction={{ base: 'column', md: 'row' }}>
            {phone ? <PhoneBar sections={sectionsFor(me.data.role)} /> : <Navigation sections={sectionsFor(me.data.role)} />}
            <Flex direction="column" flex="1" minW="0">
              {!phone && <TopBar />}
              <Box
                as="main"
                id={MAIN_CONTENT}
                tabIndex={-1}
                outline="none"
                p={{ base: '3', md: '5' }}
                flex="1"
                minW="0"
                _print={{ p: '0' }}
              >
                {children}
              </Box>
            </Flex>
          </Flex>
        </PageNameContext.Provider>
      </NextIntlClientProvider>
    </SessionContext.Provider>
  );
}

/** Menu links on the dark bar: white text, a white focus ring, the current page filled and marked at its start. */
const NAV_LINKS = {
  '& a': {
    display: 'block',
    px: '3',
    py: '2',
    borderRadius: 'md',
    color: 'inherit',
    textDecoration: 'none',
    borderInlineStartWidth: '3px',
    borderColor: 'transparent',
    focusRingColor: 'white',
    _hover: { bg: 'colorPalette.700' },
  },
  '& a[aria-current=page]': { bg: 'colorPalette.solid', borderColor: 'white', fontWeight: 'semibold' },
} as const;

function Navigation({ sections }: { sections: Section[] }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  return (
    <Box
      as="nav"
      aria-label={t('label')}
      colorPalette="teal"
      bg="colorPalette.800"
      color="white"
      w={{ base: 'full', md: '52' }}
      flexShrink={0}
      p="3"
      css={NAV_LINKS}
      _print={{ display: 'none' }}
    >
      <Text fontWeight="bold" fontSize="lg" mb={{ base: '2', md: '6' }} px="2">
        {t('brand')}
      </Text>
      <Stack direction={{ base: 'row', md: 'column' }} gap="1" wrap="wrap">
        {sections.map((section) => {
          const active = pathname === HREF[section] || pathname.startsWith(`${HREF[section]}/`);
          return (
            <Link key={section} href={HREF[section]} aria-current={active ? 'page' : undefined} data-testid={`nav-${section}`}>
              {t(section)}
            </Link>
          );
        })}
      </Stack>
    </Box>
  );
}

/**
 * A phone's one-line bar: the brand, the live status, the language and a "Menu" that opens the
 * sections, who is signed in and "Log out" (the pages then start high on the small screen).
 */
function PhoneBar({ sections }: { sections: Section[] }) {
  const t = useTranslations('nav');
  const tShell = useTranslations('shell');
  const tRoles = useTranslations('roles');
  const pathname = usePathname();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  // Following a link closes the menu.
  if (open && openedAt !== pathname) setOpen(false);
  const logout = async () => {
    await api.POST('/api/auth/logout', { body: {} }).catch(() => undefined);
    queryClient.clear();
    router.replace('/login');
  };
  return (
    <Box
      as="nav"
      aria-label={t('label')}
      colorPalette="teal"
      bg="colorPalette.800"
      color="white"
      px="3"
      py="2"
      css={NAV_LINKS}
      _print={{ display: 'none' }}
    >
      <Flex align="center" gap="2">
        <Text fontWeight="bold" flex="1" truncate>
          {t('brand')}
        </Text>
        <LiveIndicator />
        <Suspense>
          <Box css={{ '& button': { color: 'white', _hover: { bg: 'colorPalette.700' } } }}>
            <LanguageSwitcher />
          </Box>
        </Suspense>
        <Button
          size="sm"
          variant="outline"
          color="white"
          borderColor="whiteAlpha.700"
          _hover={{ bg: 'colorPalette.700' }}
          focusRingColor="white"
          aria-expanded={open}
          aria-controls="phone-menu"
          onClick={() => {
            setOpenedAt(pathname);
            setOpen((shown) => !shown);
          }}
          data-testid="phone-menu"
        >
          {tShell('menu')}
        </Button>
      </Flex>
      {open && (
        <Stack id="phone-menu" gap="1" mt="2">
          {sections.map((section) => {
            const active = pathname === HREF[section] || pathname.startsWith(`${HREF[section]}/`);
            return (
              <Link key={section} href={HREF[section]} aria-current={active ? 'page' : undefined} data-testid={`nav-${section}`}>
                {t(section)}
              </Link>
            );
          })}
          <Flex align="center" justify="space-between" gap="2" mt="2" pt="2" borderTopWidth="1px" borderColor="whiteAlpha.400">
            <Text fontSize="sm">
              {user.firstName} {user.lastName} · {tRoles(user.role)}
            </Text>
            <Button size="sm" variant="solid" colorPalette="gray" onClick={() => void logout()} data-testid="logout">
              {tShell('logout')}
            </Button>
          </Flex>
        </Stack>
      )}
    </Box>
  );
}

/** Keeps the calendar and lists current while the shell is open (lib/live.ts). */
function LiveUpdates() {
  useLiveUpdates();
  return null;
}

/** Says so when live updates are off for more than a moment (what is on screen may then be out of date). */
function LiveIndicator() {
  const t = useTranslations('shell');
  const status = useLiveStatus();
  return (
    <Box role="status" aria-live="polite">
      {status === 'offline' && (
        <Badge colorPalette="orange" data-testid="live-offline">
          {t('liveOffline')}
        </Badge>
      )}
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
    <Flex
      as="header"
      align="center"
      justify="space-between"
      px={{ base: '3', md: '5' }}
      py="2"
      borderBottomWidth="1px"
      gap="3"
      wrap="wrap"
      _print={{ display: 'none' }}
    >
      <Text fontWeight="semibold" data-testid="clinic-name">
        {clinic.name}
      </Text>
      <Flex align="center" gap="3">
        <LiveIndicator />
        <Text fontSize="sm">
          <bdi>
            {user.firstName} {user.lastName}
          </bdi>{' '}
          <Badge ms="1">{tRoles(user.role)}</Badge>
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
