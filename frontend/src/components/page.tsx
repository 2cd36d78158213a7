'use client';

import { Center, Flex, Heading, Spinner, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" mb="4" gap="3" wrap="wrap">
      <Heading as="h1" size="xl">
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
