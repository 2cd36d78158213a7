'use client';

import { Button, Stack } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, TextField, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useApiForm(() => call(api.POST('/api/auth/login', { body: { email, password } })), {
    fields: ['email', 'password'],
    onSuccess: () => router.replace(next),
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <Stack gap="4">
        <TextField label={t('email')} name="email" type="email" autoComplete="username" dir="ltr" required value={email} onChange={setEmail} error={form.fieldErrors.email} />
        <TextField label={t('password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={setPassword} error={form.fieldErrors.password} />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting}>
          {t('loginButton')}
        </Button>
      </Stack>
    </form>
  );
}
