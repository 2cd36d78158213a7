'use client';

import { Button, SimpleGrid, Stack } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, TextField, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';

export function AcceptInviteForm({ token }: { token: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const [values, setValues] = useState({ firstName: '', lastName: '', password: '' });
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const form = useApiForm(() => call(api.POST('/api/auth/accept-invite', { body: { token, ...values } })), {
    fields: Object.keys(values),
    onSuccess: () => router.replace('/dashboard'),
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <Stack gap="4">
        <SimpleGrid columns={{ base: 1, sm: 2 }} gap="4">
          <TextField label={t('firstName')} name="firstName" required value={values.firstName} onChange={set('firstName')} error={form.fieldErrors.firstName} autoComplete="given-name" />
          <TextField label={t('lastName')} name="lastName" required value={values.lastName} onChange={set('lastName')} error={form.fieldErrors.lastName} autoComplete="family-name" />
        </SimpleGrid>
        <TextField
          label={t('password')} name="password" type="password" required value={values.password} onChange={set('password')}
          error={form.fieldErrors.password} autoComplete="new-password" helper={t('passwordRule')}
        />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting}>
          {t('acceptButton')}
        </Button>
      </Stack>
    </form>
  );
}
