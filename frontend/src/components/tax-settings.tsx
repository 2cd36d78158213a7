'use client';

import { Button, Card, SimpleGrid, Stack, Text } from '@chakra-ui/react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, SelectField, TextField, useApiForm } from '@/components/form';
import { keys } from '@/lib/queries';
import { useSession } from '@/lib/session';

const ADDRESS_FIELDS = ['street', 'buildingNumber', 'additionalNumber', 'district', 'city', 'postalCode'] as const;
type Labelled = 'legalNameEn' | 'commercialRegistration' | (typeof ADDRESS_FIELDS)[number];

/** What tax invoices print and ZATCA needs: registered names, VAT number, CR, national address, VAT rate and terms. */
export function TaxSettings() {
  const t = useTranslations('taxSettings');
  const tc = useTranslations('common');
  const { clinic } = useSession();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [values, setValues] = useState({
    legalNameEn: clinic.legalNameEn ?? '',
    legalNameAr: clinic.legalNameAr ?? '',
    vatNumber: clinic.vatNumber ?? '',
    commercialRegistration: clinic.commercialRegistration ?? '',
    vatRate: clinic.vatRate,
    zeroRateCitizens: clinic.zeroRateCitizens ? 'true' : 'false',
    paymentTermsDays: String(clinic.paymentTermsDays),
    ...Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, clinic.address?.[field] ?? ''])),
  } as Record<string, string>);
  const set = (key: string) => (value: string) => {
    setSaved(false);
    setValues((current) => ({ ...current, [key]: value }));
  };
  const hasAddress = ADDRESS_FIELDS.some((field) => values[field]!.trim());
  const form = useApiForm(
    () =>
      call(
        api.PATCH('/api/clinics/me', {
          body: {
            legalNameEn: values.legalNameEn!.trim() || null,
            legalNameAr: values.legalNameAr!.trim() || null,
            vatNumber: values.vatNumber!.trim() || null,
            commercialRegistration: values.commercialRegistration!.trim() || null,
            vatRate: values.vatRate!.trim(),
            zeroRateCitizens: values.zeroRateCitizens === 'true',
            paymentTermsDays: Number(values.paymentTermsDays),
            address: hasAddress
              ? {
                  street: values.street!.trim(),
                  buildingNumber: values.buildingNumber!.trim(),
                  additionalNumber: values.additionalNumber!.trim() || null,
                  district: values.district!.trim(),
                  city: values.city!.trim(),
                  postalCode: values.postalCode!.trim(),
                }
              : null,
          },
        }),
      ),
    {
      fields: [
        'legalNameEn',
        'legalNameAr',
        'vatNumber',
        'commercialRegistration',
        'vatRate',
        'paymentTermsDays',
        ...ADDRESS_FIELDS.map((field) => `address.${field}`),
      ],
      onSuccess: (clinicAfter) => {
        queryClient.setQueryData(keys.clinic, clinicAfter);
        setSaved(true);
      },
    },
  );
  const field = (name: Labelled, ltr = false, required = false) => (
    <TextField
      key={name}
      label={t(name)}
      name={name}
      dir={ltr ? 'ltr' : undefined}
      required={required}
      value={values[name]}
      onChange={set(name)}
      error={form.fieldErrors[name] ?? form.fieldErrors[`address.${name}`]}
    />
  );
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title>{t('title')}</Card.Title>
        <Text fontSize="sm" color="fg.muted">
          {t('explain')}
        </Text>
      </Card.Header>
      <Card.Body>
        <form onSubmit={form.onSubmit} noValidate data-testid="tax-settings-form">
          <Stack gap="4">
            <SimpleGrid columns={{ base: 1, md: 2 }} gap="4">
              {field('legalNameEn')}
              <TextField
                label={t('legalNameAr')}
                name="legalNameAr"
                dir="rtl"
                value={values.legalNameAr}
                onChange={set('legalNameAr')}
                error={form.fieldErrors.legalNameAr}
              />
              <TextField
                label={t('vatNumber')}
                name="vatNumber"
                dir="ltr"
                value={values.vatNumber}
                onChange={set('vatNumber')}
                error={form.fieldErrors.vatNumber}
                helper={t('vatNumberHint')}
              />
              {field('commercialRegistration', true)}
            </SimpleGrid>
            <Text fontWeight="semibold">{t('address')}</Text>
            <SimpleGrid columns={{ base: 1, md: 3 }} gap="4">
              {ADDRESS_FIELDS.map((name) => field(name, name !== 'street' && name !== 'district' && name !== 'city'))}
            </SimpleGrid>
            <SimpleGrid columns={{ base: 1, md: 3 }} gap="4">
              <TextField
                label={t('vatRate')}
                name="vatRate"
                dir="ltr"
                required
                value={values.vatRate}
                onChange={set('vatRate')}
                error={form.fieldErrors.vatRate}
              />
              <SelectField
                label={t('zeroRateCitizens')}
                name="zeroRateCitizens"
                value={values.zeroRateCitizens!}
                onChange={set('zeroRateCitizens')}
                options={[
                  { value: 'true', label: t('yes') },
                  { value: 'false', label: t('no') },
                ]}
                helper={t('zeroRateHint')}
              />
              <TextField
                label={t('paymentTermsDays')}
                name="paymentTermsDays"
                type="number"
                min="0"
                value={values.paymentTermsDays}
                onChange={set('paymentTermsDays')}
                error={form.fieldErrors.paymentTermsDays}
              />
            </SimpleGrid>
            <FormError message={form.formError} />
            {saved && (
              <Text color="green.700" role="status">
                {t('saved')}
              </Text>
            )}
            <Button type="submit" colorPalette="teal" alignSelf="flex-start" loading={form.submitting} data-testid="save-tax-settings">
              {tc('save')}
            </Button>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
