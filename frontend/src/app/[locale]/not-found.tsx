import { Box, Card, Heading, Stack, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import { MAIN_CONTENT } from '@/lib/main-content';

/**
 * A path no page serves, in the page's language: Next's default 404 page is English only, has no
 * landmark and leaves `<html lang>` empty. It names itself in the title and offers the way back.
 */
export default function NotFound() {
  const t = useTranslations('notFound');
  const app = useTranslations('app');
  return (
    <Box
      as="main"
      id={MAIN_CONTENT}
      tabIndex={-1}
      outline="none"
      minH="100vh"
      display="flex"
      alignItems="center"
      justifyContent="center"
      bg="gray.50"
      p="4"
    >
      <title>{app('pageTitle', { page: t('title'), site: app('name') })}</title>
      <Card.Root w="full" maxW="md">
        <Card.Body>
          <Stack gap="3">
            <Heading as="h1" size="xl">
              {t('title')}
            </Heading>
            <Text>{t('explain')}</Text>
            <Text>
              <Link href="/dashboard">{t('home')}</Link>
            </Text>
          </Stack>
        </Card.Body>
      </Card.Root>
    </Box>
  );
}
