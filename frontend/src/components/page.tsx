'use client';

import { Center, Flex, Heading, Spinner, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { createContext, useContext, useEffect, type ReactNode } from 'react';

/** Lets the page on screen name itself in the document title (the app shell adds the clinic's name). */
export const PageNameContext = createContext<(name: string | null) => void>(() => {});

/**
 * The page's h1 and its actions; the heading also names the page in the document title. It can take focus
 * (tabIndex -1): the app shell moves focus to it after a navigation.
 */
export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  const setPageName = useContext(PageNameContext);
  useEffect(() => {
    setPageName(title);
    return () => setPageName(null);
  }, [setPageName, title]);
  return (
    <Flex justify="space-between" align="center" mb="4" gap="3" wrap="wrap">
      <Heading as="h1" size="xl" tabIndex={-1} focusVisibleRing="outside">
        {title}
      </Heading>
      {actions && (
        <Flex gap="2" wrap="wrap">
          {actions}
        </Flex>
      )}
    </Flex>
  );
}

export function Loading() {
  const t = useTranslations('shell');
  return (
    <Center py="10" aria-busy="true">
      <Spinner me="3" />
      <Text>{t('loading')}</Text>
    </Center>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Center py="10" color="fg.muted" borderWidth="1px" borderStyle="dashed" borderRadius="md">
      <Text>{children}</Text>
    </Center>
  );
}

/** Shows a page only to the roles that may use it (the navigation hides it from the others already). */
export function RoleGate({ allow, children }: { allow: boolean; children: ReactNode }) {
  const t = useTranslations('errors');
  if (allow) return <>{children}</>;
  return <Empty>{t('forbidden')}</Empty>;
}
