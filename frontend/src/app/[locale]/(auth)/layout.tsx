import { Box, Card, Flex, Text } from '@chakra-ui/react';
import { getTranslations } from 'next-intl/server';
import { Suspense, type ReactNode } from 'react';
import { LanguageSwitcher } from '@/components/language-switcher';
import { MAIN_CONTENT } from '@/lib/main-content';

/** Server-rendered frame of the sign-up, login and accept-invite pages. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('app');
  return (
    <Flex
      as="main"
      id={MAIN_CONTENT}
      tabIndex={-1}
      outline="none"
      minH="100vh"
      direction="column"
      align="center"
      justify="center"
      bg="gray.50"
      p="4"
    >
      <Box w="full" maxW="md">
        <Flex justify="space-between" align="center" mb="4">
          <Text textStyle="xl" fontWeight="semibold" color="teal.700">
            {t('name')}
          </Text>
          <Suspense>
            <LanguageSwitcher />
          </Suspense>
        </Flex>
        <Card.Root>
          <Card.Body>{children}</Card.Body>
        </Card.Root>
      </Box>
    </Flex>
  );
}
