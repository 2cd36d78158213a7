import { Box, Card, Flex, Heading } from '@chakra-ui/react';
import { getTranslations } from 'next-intl/server';
import { Suspense, type ReactNode } from 'react';
import { LanguageSwitcher } from '@/components/language-switcher';

/** Server-rendered frame of the sign-up, login and accept-invite pages. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('app');
  return (
    <Flex minH="100vh" direction="column" align="center" justify="center" bg="gray.50" p="4">
      <Box w="full" maxW="md">
        <Flex justify="space-between" align="center" mb="4">
          <Heading size="lg" color="teal.700">
            {t('name')}
          </Heading>
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
