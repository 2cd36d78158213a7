'use client';

import { Button, SimpleGrid, Stack } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { formFields, FormError, ServerForm, TextField, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';

const FIELDS = ['firstName', 'lastName', 'password'] as const;

export function AcceptInviteForm({ token }: { token: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const form = useApiForm((data: FormData) => call(api.POST('/api/auth/accept-invite', { body: { token, ...formFields(data, FIELDS) } })), {
    fields: FIELDS,
    onSuccess: () => router.replace('/dashboard'),
  });
  return (
    <ServerForm onSubmit={(data, element) => void form.run(data, element)}>
      <Stack gap="4">
        <SimpleGrid columns={{ base: 1, sm: 2 }} gap="4">
          <TextField label={t('firstName')} name="firstName" required error={form.fieldErrors.firstName} autoComplete="given-name" />
          <TextField label={t('lastName')} name="lastName" required error={form.fieldErrors.lastName} autoComplete="family-name" />
        </SimpleGrid>
        <TextField
          label={t('password')}
          name="password"
          type="password"
          required
          error={form.fieldErrors.password}
          autoComplete="new-password"
          helper={t('passwordRule')}
        />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting}>
          {t('acceptButton')}
        </Button>
      </Stack>
    </ServerForm>
  );
}
