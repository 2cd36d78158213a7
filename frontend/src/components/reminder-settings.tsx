'use client';

import { Box, Button, Card, Flex, Heading, Input, NativeSelect, SimpleGrid, Stack, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Clinic } from '@/api/types';
import { CheckboxField, FormError, TextField, useApiForm } from '@/components/form';
import { keys } from '@/lib/queries';

type Unit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };
const MAX_OFFSETS = 5;

/** 1440 -> 1 day, 120 -> 2 hours, 45 -> 45 minutes: the largest unit that divides it. */
function toOffset(minutes: number): { amount: string; unit: Unit } {
  const unit: Unit = minutes % 1440 === 0 ? 'days' : minutes % 60 === 0 ? 'hours' : 'minutes';
  return { amount: String(minutes / UNIT_MINUTES[unit]), unit };
}

/** Settings -> Reminders: on or off, how long before an appointment, by which channels, and what patients read. */
export function ReminderSettings({ clinic }: { clinic: Clinic }) {
  const t = useTranslations('reminders');
  const tc = useTranslations('common');
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [enabled, setEnabled] = useState(clinic.reminders.enabled);
  const [offsets, setOffsets] = useState(() => clinic.reminders.offsetsMinutes.map(toOffset));
  const [channels, setChannels] = useState(clinic.reminders.channels);
  const [contact, setContact] = useState({ address: clinic.contact.address ?? '', phone: clinic.contact.phone ?? '' });
  const touch = () => setSaved(false);
  const preview = useQuery({ queryKey: ['reminder-preview'], queryFn: () => call(api.GET('/api/reminders/preview')) });

  const form = useApiForm(
    () =>
      call(
        api.PATCH('/api/clinics/me', {
          body: {
            reminders: {
              enabled,
              offsetsMinutes: offsets.map((o) => Math.round(Number(o.amount) * UNIT_MINUTES[o.unit])),
              channels,
            },
            contact: { address: contact.address.trim() || null, phone: contact.phone.trim() || null },
          },
        }),
      ),
    {
      onSuccess: (clinicAfter) => {
        queryClient.setQueryData(keys.clinic, clinicAfter);
        void queryClient.invalidateQueries({ queryKey: ['reminder-preview'] });
        setSaved(true);
      },
    },
  );
  const errorAt = (prefix: string) =>
    Object.entries(form.fieldErrors).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
  const toggleChannel = (channel: 'sms' | 'email', on: boolean) => {
    touch();
    setChannels((current) => (on ? [...current.filter((c) => c !== channel), channel] : current.filter((c) => c !== channel)));
  };

  return (
    <Card.Root>
      <Card.Body>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            form.onSubmit();
          }}
          noValidate
          data-testid="reminder-settings"
        >
          <Stack gap="4">
            <Heading as="h2" size="lg">
              {t('title')}
            </Heading>
            <CheckboxField
              label={t('enabled')}
              name="enabled"
              checked={enabled}
              onChange={(on) => {
                touch();
                setEnabled(on);
              }}
              helper={t('enabledHint')}
              testId="reminders-enabled"
            />
            <Stack gap="2">
              <Text fontWeight="medium">{t('when')}</Text>
              {offsets.map((offset, index) => (
                <Flex key={index} gap="2" align="center" data-testid="reminder-offset">
                  <Input
                    aria-label={t('amount')}
                    type="number"
                    min="1"
                    maxW="24"
                    value={offset.amount}
                    onChange={(event) => {
                      touch();
                      setOffsets(offsets.map((o, i) => (i === index ? { ...o, amount: event.target.value } : o)));
                    }}
                  />
                  <NativeSelect.Root maxW="40">
                    <NativeSelect.Field
                      aria-label={t('unit')}
                      value={offset.unit}
                      onChange={(event) => {
                        touch();
                        setOffsets(offsets.map((o, i) => (i === index ? { ...o, unit: event.target.value as Unit } : o)));
                      }}
                    >
                      {(['minutes', 'hours', 'days'] as const).map((unit) => (
                        <option key={unit} value={unit}>
                          {t(`unitBefore.${unit}`)}
                        </option>
                      ))}
                    </NativeSelect.Field>
                    <NativeSelect.Indicator />
                  </NativeSelect.Root>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      touch();
                      setOffsets(offsets.filter((_, i) => i !== index));
                    }}
                  >
                    {t('remove')}
                  </Button>
                </Flex>
              ))}
              {offsets.length < MAX_OFFSETS && (
                <Button
                  size="sm"
                  variant="outline"
                  alignSelf="flex-start"
                  onClick={() => {
                    touch();
                    setOffsets([...offsets, { amount: '1', unit: 'hours' }]);
                  }}
                >
                  {t('addTime')}
                </Button>
              )}
              {errorAt('reminders.offsetsMinutes') && (
                <Text color="red.700" fontSize="sm">
                  {errorAt('reminders.offsetsMinutes')}
                </Text>
              )}
              <Text fontSize="sm" color="fg.muted">
                {t('whenHint')}
              </Text>
            </Stack>
            <Stack gap="2">
              <Text fontWeight="medium">{t('channels')}</Text>
              <Flex gap="6" wrap="wrap">
                <CheckboxField label={t('sms')} name="sms" checked={channels.includes('sms')} onChange={(on) => toggleChannel('sms', on)} />
                <CheckboxField
                  label={t('email')}
                  name="email"
                  checked={channels.includes('email')}
                  onChange={(on) => toggleChannel('email', on)}
                />
              </Flex>
              <Text fontSize="sm" color="fg.muted">
                {t('channelsHint')}
              </Text>
            </Stack>
            <SimpleGrid columns={{ base: 1, md: 2 }} gap="4">
              <TextField
                label={t('address')}
                name="address"
                value={contact.address}
                onChange={(value) => {
                  touch();
                  setContact({ ...contact, address: value });
                }}
                error={errorAt('contact.address')}
              />
              <TextField
                label={t('phone')}
                name="phone"
                type="tel"
                dir="ltr"
                value={contact.phone}
                onChange={(value) => {
                  touch();
                  setContact({ ...contact, phone: value });
                }}
                error={errorAt('contact.phone')}
              />
            </SimpleGrid>
            <FormError message={Object.keys(form.fieldErrors).length === 0 ? form.formError : undefined} />
            {saved && (
              <Text color="green.700" role="status">
                {t('saved')}
              </Text>
            )}
            <Button type="submit" colorPalette="teal" alignSelf="flex-start" loading={form.submitting} data-testid="save-reminders">
              {tc('save')}
            </Button>
          </Stack>
        </form>
        <Stack gap="3" mt="6" data-testid="reminder-preview">
          <Heading as="h3" size="md">
            {t('preview')}
          </Heading>
          <Text fontSize="sm" color="fg.muted">
            {t('previewHint')}
          </Text>
          <SimpleGrid columns={{ base: 1, lg: 2 }} gap="4">
            {(['en', 'ar'] as const).map((locale) => (
              <Stack key={locale} gap="3" dir={locale === 'ar' ? 'rtl' : 'ltr'} lang={locale} data-testid={`preview-${locale}`}>
                {(preview.data?.items ?? [])
                  .filter((item) => item.locale === locale)
                  .map((item) => (
                    <Box key={item.channel} borderWidth="1px" borderRadius="md" p="3" bg="bg.muted">
                      <Text fontSize="xs" color="fg.muted" mb="1">
                        {t(`previewOf.${item.channel}`)} · {t(`language.${locale}`)}
                      </Text>
                      {item.subject && <Text fontWeight="semibold">{item.subject}</Text>}
                      <Text whiteSpace="pre-wrap" fontSize="sm">
                        {item.text}
                      </Text>
                    </Box>
                  ))}
              </Stack>
            ))}
          </SimpleGrid>
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
