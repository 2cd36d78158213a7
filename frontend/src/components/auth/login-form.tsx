'use client';

import { Button, Stack } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { formFields, FormError, TextField, useApiForm, useHydrated } from '@/components/form';
import { useRouter } from '@/i18n/navigation';

const FIELDS = ['email', 'password'] as const;

/** Uncontrolled inputs: what is typed before the page hydrates is kept and submitted. */
export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const hydrated = useHydrated();
  const form = useApiForm((data: FormData) => call(api.POST('/api/auth/login', { body: formFields(data, FIELDS) })), {
    fields: FIELDS,
    onSuccess: () => router.replace(next),
  });
  return (
    <form onSubmit={(event) => { event.preventDefault(); void form.run(new FormData(event.currentTarget)); }} method="post" noValidate>
      <Stack gap="4">
        <TextField label={t('email')} name="email" type="email" autoComplete="username" dir="ltr" required error={form.fieldErrors.email} />
        <TextField label={t('password')} name="password" type="password" autoComplete="current-password" required error={form.fieldErrors.password} />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting} disabled={!hydrated}>
          {t('loginButton')}
        </Button>
      </Stack>
    </form>
  );
}
