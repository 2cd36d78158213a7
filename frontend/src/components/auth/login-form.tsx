'use client';

import { Button, Stack } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { formFields, FormError, ServerForm, TextField, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';

const FIELDS = ['email', 'password'] as const;

/** Uncontrolled inputs, read from the submitted form data. */
export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const form = useApiForm((data: FormData) => call(api.POST('/api/auth/login', { body: formFields(data, FIELDS) })), {
    fields: FIELDS,
    onSuccess: () => router.replace(next),
  });
  return (
    <ServerForm onSubmit={(data, element) => void form.run(data, element)}>
      <Stack gap="4">
        <TextField label={t('email')} name="email" type="email" autoComplete="username" dir="ltr" required error={form.fieldErrors.email} />
        <TextField
          label={t('password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={form.fieldErrors.password}
        />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting}>
          {t('loginButton')}
        </Button>
      </Stack>
    </ServerForm>
  );
}
