'use client';

import { Button, Card, SimpleGrid, Stack, Text } from '@chakra-ui/react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, SelectField, TextAreaField, TextField, useApiForm } from '@/components/form';
import { PageHeader } from '@/components/page';
import { keys } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { timeZoneOptions } from '@/lib/time';
import { TaxSettings } from '@/components/tax-settings';

const SLOT_MINUTES = [5, 10, 15, 20, 30, 60] as const;

export function Settings() {
  const t = useTranslations('settings');
  const tLanguage = useTranslations('language');
  const tc = useTranslations('common');
  const { clinic } = useSession();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [values, setValues] = useState({
    name: clinic.name,
    timezone: clinic.timezone,
    locale: clinic.locale,
    currency: clinic.currency,
    slotMinutes: String(clinic.slotMinutes),
    rooms: clinic.rooms.join('\n'),
  });
  const set = (key: keyof typeof values) => (value: string) => {
    setSaved(false);
    setValues((current) => ({ ...current, [key]: value }));
  };
  const form = useApiForm(
    () =>
      call(
        api.PATCH('/api/clinics/me', {
          body: {
            name: values.name,
            timezone: values.timezone,
            locale: values.locale,
            currency: values.currency.trim().toUpperCase(),
            slotMinutes: Number(values.slotMinutes) as (typeof SLOT_MINUTES)[number],
            rooms: values.rooms
              .split('\n')
              .map((room) => room.trim())
              .filter(Boolean),
          },
        }),
      ),
    {
      fields: ['name', 'timezone', 'locale', 'currency', 'slotMinutes', 'rooms'],
      onSuccess: (clinicAfter) => {
        queryClient.setQueryData(keys.clinic, clinicAfter);
        setSaved(true);
      },
    },
  );
  const roomsError = Object.entries(form.fieldErrors).find(([path]) => path === 'rooms' || path.startsWith('rooms.'))?.[1];
  return (
    <Stack gap="4" maxW="3xl">
      <PageHeader title={t('title')} />
      <Card.Root>
        <Card.Body>
          <form onSubmit={form.onSubmit} noValidate data-testid="settings-form">
            <Stack gap="4">
              <TextField label={t('name')} name="name" required value={values.name} onChange={set('name')} error={form.fieldErrors.name} />
              <SimpleGrid columns={{ base: 1, md: 2 }} gap="4">
                <SelectField
                  label={t('timezone')}
                  name="timezone"
                  value={values.timezone}
                  onChange={set('timezone')}
                  error={form.fieldErrors.timezone}
                  options={timeZoneOptions()}
                />
                <SelectField
                  label={t('language')}
                  name="locale"
                  value={values.locale}
                  onChange={set('locale')}
                  error={form.fieldErrors.locale}
                  options={[
                    { value: 'en', label: tLanguage('en') },
                    { value: 'ar', label: tLanguage('ar') },
                  ]}
                  helper={t('languageHint')}
                />
                <TextField
                  label={t('currency')}
                  name="currency"
                  dir="ltr"
                  required
                  value={values.currency}
                  onChange={set('currency')}
                  error={form.fieldErrors.currency}
                  helper={t('currencyHint')}
                />
                <SelectField
                  label={t('slotMinutes')}
                  name="slotMinutes"
                  value={values.slotMinutes}
                  onChange={set('slotMinutes')}
                  error={form.fieldErrors.slotMinutes}
                  options={SLOT_MINUTES.map((m) => ({ value: String(m), label: t('minutes', { count: m }) }))}
                />
              </SimpleGrid>
              <TextAreaField
                label={t('rooms')}
                name="rooms"
                value={values.rooms}
                onChange={set('rooms')}
                error={roomsError}
                helper={t('roomsHint')}
              />
              <FormError message={form.formError} />
              {saved && (
                <Text color="fg.success" role="status">
                  {t('saved')}
                </Text>
              )}
              <Button type="submit" colorPalette="teal" alignSelf="flex-start" loading={form.submitting} data-testid="save-settings">
                {tc('save')}
              </Button>
            </Stack>
          </form>
        </Card.Body>
      </Card.Root>
      <TaxSettings />
    </Stack>
  );
}
