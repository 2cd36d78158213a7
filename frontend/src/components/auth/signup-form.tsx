'use client';

import { Button, SimpleGrid, Stack } from '@chakra-ui/react';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, SelectField, TextField, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';
import { timeZoneOptions } from '@/lib/time';

export function SignupForm() {
  const t = useTranslations('auth');
  const locale = useLocale();
  const router = useRouter();
  const [values, setValues] = useState({ clinicName: '', firstName: '', lastName: '', email: '', password: '', timezone: 'Asia/Riyadh' });
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const form = useApiForm(() => call(api.POST('/api/auth/signup', { body: { ...values, locale: locale === 'ar' ? 'ar' : 'en' } })), {
    fields: Object.keys(values),
    onSuccess: () => router.replace('/dashboard'),
  });
  const errors = form.fieldErrors;
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <Stack gap="4">
        <TextField label={t('clinicName')} name="clinicName" required value={values.clinicName} onChange={set('clinicName')} error={errors.clinicName} autoComplete="organization" />
        <SimpleGrid columns={{ base: 1, sm: 2 }} gap="4">
          <TextField label={t('firstName')} name="firstName" required value={values.firstName} onChange={set('firstName')} error={errors.firstName} autoComplete="given-name" />
          <TextField label={t('lastName')} name="lastName" required value={values.lastName} onChange={set('lastName')} error={errors.lastName} autoComplete="family-name" />
        </SimpleGrid>
        <TextField label={t('email')} name="email" type="email" dir="ltr" required value={values.email} onChange={set('email')} error={errors.email} autoComplete="email" />
        <TextField
          label={t('password')} name="password" type="password" required value={values.password} onChange={set('password')}
          error={errors.password} autoComplete="new-password" helper={t('passwordRule')}
        />
        <SelectField label={t('timezone')} name="timezone" value={values.timezone} onChange={set('timezone')} error={errors.timezone} options={timeZoneOptions()} />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting}>
          {t('signupButton')}
        </Button>
      </Stack>
    </form>
  );
}
