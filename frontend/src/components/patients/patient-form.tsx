'use client';

import { Button, SimpleGrid, Stack } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Patient, PatientInput } from '@/api/types';
import { FormError, SelectField, TextAreaField, TextField, useApiForm } from '@/components/form';
import { canBill, CLINICAL_STAFF } from '@dental/shared';
import { useCountryOptions } from '@/lib/countries';
import { useSession } from '@/lib/session';

const FIELDS = [
  'firstName',
  'lastName',
  'gender',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'preferredLanguage',
  'nationality',
  'nationalId',
  'allergies',
  'medicalHistory',
  'notes',
] as const;
type Values = Record<(typeof FIELDS)[number], string>;

const valuesOf = (patient?: Patient): Values => Object.fromEntries(FIELDS.map((field) => [field, patient?.[field] ?? ''])) as Values;

/** Create or edit a patient. Empty optional fields are sent as null; clinical fields only for clinical staff. */
export function PatientForm({
  patient,
  onSave,
  submitLabel,
  formId,
}: {
  patient?: Patient;
  onSave: (input: PatientInput) => Promise<unknown>;
  submitLabel: string;
  formId: string;
}) {
  const t = useTranslations('patients');
  const tGender = useTranslations('gender');
  const tLanguage = useTranslations('language');
  const { user } = useSession();
  const clinical = CLINICAL_STAFF.includes(user.role);
  // National ID / Iqama numbers are for billing and admin roles (ZATCA's buyer id); others neither see nor send them.
  const identity = canBill(user.role);
  const countries = useCountryOptions();
  const [values, setValues] = useState(() => valuesOf(patient));
  const set = (key: keyof Values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));

  const form = useApiForm(
    () => {
      const input: Record<string, string | null> = {};
      for (const field of FIELDS) {
        if (!clinical && (field === 'allergies' || field === 'medicalHistory' || field === 'notes')) continue;
        if (!identity && field === 'nationalId') continue;
        const value = values[field].trim();
        input[field] = field === 'firstName' || field === 'lastName' ? value : value || null;
      }
      return onSave(input as unknown as PatientInput);
    },
    { fields: FIELDS },
  );
  const errors = form.fieldErrors;

  return (
    <form id={formId} onSubmit={form.onSubmit} noValidate>
      <Stack gap="4">
        <SimpleGrid columns={{ base: 1, md: 2 }} gap="4">
          <TextField
            label={t('firstName')}
            name="firstName"
            required
            value={values.firstName}
            onChange={set('firstName')}
            error={errors.firstName}
          />
          <TextField
            label={t('lastName')}
            name="lastName"
            required
            value={values.lastName}
            onChange={set('lastName')}
            error={errors.lastName}
          />
          <TextField
            label={t('phone')}
            name="phone"
            type="tel"
            dir="ltr"
            value={values.phone}
            onChange={set('phone')}
            error={errors.phone}
          />
          <TextField
            label={t('email')}
            name="email"
            type="email"
            dir="ltr"
            value={values.email}
            onChange={set('email')}
            error={errors.email}
          />
          <TextField
            label={t('dateOfBirth')}
            name="dateOfBirth"
            type="date"
            value={values.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={errors.dateOfBirth}
          />
          <SelectField
            label={t('gender')}
            name="gender"
            value={values.gender}
            onChange={set('gender')}
            error={errors.gender}
            placeholder={t('notSaid')}
            options={(['female', 'male', 'other', 'unknown'] as const).map((g) => ({ value: g, label: tGender(g) }))}
          />
          <SelectField
            label={t('preferredLanguage')}
            name="preferredLanguage"
            value={values.preferredLanguage}
            onChange={set('preferredLanguage')}
            error={errors.preferredLanguage}
            placeholder={t('notSaid')}
            options={[
              { value: 'en', label: tLanguage('en') },
              { value: 'ar', label: tLanguage('ar') },
            ]}
          />
          <TextField label={t('address')} name="address" value={values.address} onChange={set('address')} error={errors.address} />
          <SelectField
            label={t('nationality')}
            name="nationality"
            value={values.nationality}
            onChange={set('nationality')}
            error={errors.nationality}
            placeholder={t('notSaid')}
            options={countries}
            helper={t('nationalityHint')}
          />
          {identity && (
            <TextField
              label={t('nationalId')}
              name="nationalId"
              dir="ltr"
              value={values.nationalId}
              onChange={set('nationalId')}
              error={errors.nationalId}
              helper={t('nationalIdHint')}
            />
          )}
        </SimpleGrid>
        {clinical && (
          <>
            <TextAreaField
              label={t('allergies')}
              name="allergies"
              value={values.allergies}
              onChange={set('allergies')}
              error={errors.allergies}
            />
            <TextAreaField
              label={t('medicalHistory')}
              name="medicalHistory"
              value={values.medicalHistory}
              onChange={set('medicalHistory')}
              error={errors.medicalHistory}
            />
            <TextAreaField label={t('notes')} name="notes" value={values.notes} onChange={set('notes')} error={errors.notes} />
          </>
        )}
        <FormError message={form.formError} />
        <Button type="submit" colorPalette="teal" loading={form.submitting} alignSelf="flex-start" data-testid={`${formId}-submit`}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
