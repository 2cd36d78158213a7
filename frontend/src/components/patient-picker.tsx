'use client';

import { Box, Button, Field, Input, Stack, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useDeferredValue, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { keys } from '@/lib/queries';

export interface PickedPatient {
  id: string;
  name: string;
}

/** Search-as-you-type over the clinic's patients (name, phone or email); one click picks. */
export function PatientPicker({
  value,
  onChange,
  error,
}: {
  value: PickedPatient | null;
  onChange: (patient: PickedPatient | null) => void;
  error?: string;
}) {
  const t = useTranslations('patients');
  const [term, setTerm] = useState('');
  const query = useDeferredValue(term.trim());
  const results = useQuery({
    queryKey: keys.patients(`picker:${query}`),
    queryFn: () => call(api.GET('/api/patients', { params: { query: { q: query, limit: 8 } } })).then((page) => page.items),
    enabled: query.length >= 2,
  });

  if (value) {
    return (
      <Field.Root invalid={Boolean(error)}>
        <Field.Label>{t('patient')}</Field.Label>
        <Box display="flex" alignItems="center" gap="3">
          <Text fontWeight="semibold" data-testid="picked-patient">
            {value.name}
          </Text>
          <Button size="xs" variant="outline" onClick={() => onChange(null)}>
            {t('change')}
          </Button>
        </Box>
        {error && <Field.ErrorText>{error}</Field.ErrorText>}
      </Field.Root>
    );
  }
  return (
    <Field.Root invalid={Boolean(error)} required>
      <Field.Label>
        {t('patient')}
        <Field.RequiredIndicator />
      </Field.Label>
      <Input
        type="search"
        name="patientSearch"
        value={term}
        placeholder={t('searchPlaceholder')}
        onChange={(event) => setTerm(event.target.value)}
        autoComplete="off"
      />
      {query.length >= 2 && (
        <Stack gap="1" mt="1" w="full" role="listbox" aria-label={t('results')}>
          {results.data?.length === 0 && (
            <Text fontSize="sm" color="fg.muted">
              {t('noMatches')}
            </Text>
          )}
          {results.data?.map((patient) => (
            <Button
              key={patient.id}
              role="option"
              aria-selected={false}
              size="sm"
              variant="subtle"
              justifyContent="flex-start"
              onClick={() => onChange({ id: patient.id, name: `${patient.firstName} ${patient.lastName}` })}
            >
              {patient.firstName} {patient.lastName}
              {patient.phone && (
                <Text as="span" color="fg.muted" ms="2" dir="ltr">
                  {patient.phone}
                </Text>
              )}
            </Button>
          ))}
        </Stack>
      )}
      {error && <Field.ErrorText>{error}</Field.ErrorText>}
    </Field.Root>
  );
}
