'use client';

import { Button, SimpleGrid, Stack } from '@chakra-ui/react';
import { useLocale, useTranslations } from 'next-intl';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { formFields, FormError, SelectField, ServerForm, TextField, useApiForm } from '@/components/form';
import { useRouter } from '@/i18n/navigation';
import { useTimeZoneOptions } from '@/lib/time-zones';

const FIELDS = ['clinicName', 'firstName', 'lastName', 'email', 'password', 'timezone'] as const;
const DEFAULT_ZONE = 'Asia/Riyadh';

export function SignupForm() {
  const t = useTranslations('auth');
  const locale = useLocale();
  const router = useRouter();
  const form = useApiForm(
    (data: FormData) =>
      call(api.POST('/api/auth/signup', { body: { ...formFields(data, FIELDS), locale: locale === 'ar' ? 'ar' : 'en' } })),
    { fields: FIELDS, onSuccess: () => router.replace('/dashboard') },
  );
  const errors = form.fieldErrors;
  const zones = useTimeZoneOptions(DEFAULT_ZONE);
  return (
    <ServerForm onSubmit={(data, element) => void form.run(data, element)}>
      <Stack gap="4">
        <TextField label={t('clinicName')} name="clinicName" required error={errors.clinicName} autoComplete="organization" />
        <SimpleGrid columns={{ base: 1, sm: 2 }} gap="4">
          <TextField label={t('firstName')} name="firstName" required error={errors.firstName} autoComplete="given-name" />
          <TextField label={t('lastName')} name="lastName" required error={errors.lastName} autoComplete="family-name" />
        </SimpleGrid>
        <TextField label={t('email')} name="email" type="email" dir="ltr" required error={errors.email} autoComplete="email" />
        <TextField
          label={t('password')}
          name="password"
          type="password"
          required
          error={errors.password}
          autoComplete="new-password"
          helper={t('passwordRule')}
        />
        <SelectField label={t('timezone')} name="timezone" value={DEFAULT_ZONE} error={errors.timezone} options={zones} />
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting}>
          {t('signupButton')}
        </Button>
      </Stack>
    </ServerForm>
  );
}
