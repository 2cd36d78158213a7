'use client';

import { Alert, Box, Button, SimpleGrid, Stack, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { DuplicateCandidate, Patient, PatientInput } from '@/api/types';
import { ApiError } from '@/api/problem';
import { PatientFacts } from '@/components/patient-picker';
import { Link } from '@/i18n/navigation';
import { CheckboxField, FormError, SelectField, TextAreaField, TextField, useApiForm } from '@/components/form';
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
  const [remindersOptOut, setRemindersOptOut] = useState(patient?.remindersOptOut ?? false);
  const set = (key: keyof Values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));

  const form = useApiForm(
    (allowDuplicate: boolean) => {
      const input: Record<string, string | boolean | null> = allowDuplicate
        ? { allowDuplicate: true, remindersOptOut }
        : { remindersOptOut };
      for (const field of FIELDS) {
        if (!clinical && (field === 'allergies' || field === 'medicalHistory' || field === 'notes')) continue;
        if (!identity && field === 'nationalId') continue;
        const value = values[field].trim();
        input[field] = field === 'firstName' || field === 'lastName' ? value : value || null;
      }
      return onSave(input as unknown as PatientInput);
    },
    { fields: [...FIELDS, 'remindersOptOut'] },
  );
  const errors = form.fieldErrors;
  // A new patient who looks like one already registered: show who, to open them or to register anyway.
  const duplicates =
    !patient && form.lastError instanceof ApiError && form.lastError.problem.type === 'possible-duplicate'
      ? (form.lastError.problem.duplicates as DuplicateCandidate[])
      : null;

  return (
    <form
      id={formId}
      onSubmit={(event) => {
        event.preventDefault();
        void form.run(false, event.currentTarget);
      }}
      noValidate
    >
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
        <CheckboxField
          label={t('remindersOptOut')}
          name="remindersOptOut"
          checked={remindersOptOut}
          onChange={setRemindersOptOut}
          helper={t('remindersOptOutHint')}
          error={errors.remindersOptOut}
          testId="reminders-opt-out"
        />
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
        {duplicates ? (
          <Alert.Root status="warning" role="alert" tabIndex={-1} data-form-error="" data-testid="possible-duplicate">
            <Alert.Indicator />
            <Alert.Content>
              <Alert.Title>{t('possibleDuplicate')}</Alert.Title>
              <Stack as="ul" gap="2" mt="2" listStyle="none">
                {duplicates.map((candidate) => (
                  <Box as="li" key={candidate.id}>
                    <Link href={`/patients/${candidate.id}`}>
                      <bdi>
                        {candidate.firstName} {candidate.lastName}
                      </bdi>
                    </Link>
                    <Text>
                      <PatientFacts patient={candidate} />
                    </Text>
                  </Box>
                ))}
              </Stack>
              <Button
                size="sm"
                variant="outline"
                mt="3"
                loading={form.submitting}
                onClick={() => void form.run(true)}
                data-testid="register-anyway"
              >
                {t('registerAnyway')}
              </Button>
            </Alert.Content>
          </Alert.Root>
        ) : (
          <FormError message={form.formError} />
        )}
        <Button type="submit" colorPalette="teal" loading={form.submitting} alignSelf="flex-start" data-testid={`${formId}-submit`}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
