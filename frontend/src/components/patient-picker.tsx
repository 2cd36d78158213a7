'use client';

import { Box, Button, Field, Flex, Input, Text, VisuallyHidden } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { Fragment, useDeferredValue, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Patient } from '@/api/types';
import { describedBy, useFieldIds } from '@/components/form';
import { keys } from '@/lib/queries';
import { useFormats } from '@/lib/format';

/**
 * What tells two patients of the same name apart, on one line: date of birth, phone, last visit. Used in
 * the booking picker, the duplicate warning and the merge dialog.
 */
export function PatientFacts({ patient }: { patient: Pick<Patient, 'dateOfBirth' | 'phone' | 'lastVisitAt'> }) {
  const t = useTranslations('patients');
  const formats = useFormats();
  const facts = [
    patient.dateOfBirth && t('bornOn', { date: formats.date(patient.dateOfBirth) }),
    patient.phone && <bdi dir="ltr">{patient.phone}</bdi>,
    patient.lastVisitAt ? t('lastVisitOn', { date: formats.dateOf(patient.lastVisitAt) }) : t('noVisitYet'),
  ].filter(Boolean);
  return (
    <Text as="span" fontSize="sm" color="fg.muted">
      {facts.map((fact, index) => (
        <Fragment key={index}>
          {index > 0 && ' · '}
          {fact}
        </Fragment>
      ))}
    </Text>
  );
}

export interface PickedPatient {
  id: string;
  name: string;
}

const nameOf = (patient: Pick<Patient, 'firstName' | 'lastName'>) => `${patient.firstName} ${patient.lastName}`;

/**
 * Search-as-you-type over the clinic's patients (name, phone or email), as a WAI-ARIA 1.2 combobox: the
 * arrows move through the matches, Enter picks, Escape closes the list; the number of matches (or that
 * there is none) is announced from a live region outside the list. Picking moves focus to "Change".
 */
export function PatientPicker({
  value,
  onChange,
  error,
  label,
  exclude,
}: {
  value: PickedPatient | null;
  onChange: (patient: PickedPatient | null) => void;
  error?: string;
  /** The field's name (default "Patient"). */
  label?: string;
  /** A patient not to offer (merging a record into itself). */
  exclude?: string;
}) {
  const t = useTranslations('patients');
  const ids = useFieldIds();
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  const query = useDeferredValue(term.trim());
  const results = useQuery({
    queryKey: keys.patients(`picker:${query}`),
    queryFn: () => call(api.GET('/api/patients', { params: { query: { q: query, limit: 8 } } })).then((page) => page.items),
    enabled: query.length >= 2,
  });
  const options = query.length >= 2 ? (results.data ?? []).filter((patient) => patient.id !== exclude) : [];
  const expanded = options.length > 0 && !closed;
  const current = expanded && active < options.length ? active : -1;
  const listId = `${ids.control}-list`;
  const optionId = (index: number) => `${listId}-${index}`;

  // Focus follows the control that replaces the one in use: "Change" after a pick, the search box after "Change".
  const focusNext = useRef<'change' | 'search' | null>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const target = focusNext.current === 'change' ? changeButton.current : focusNext.current === 'search' ? searchBox.current : null;
    focusNext.current = null;
    target?.focus();
  }, [value]);

  const pick = (patient: Patient) => {
    focusNext.current = 'change';
    setTerm('');
    setActive(-1);
    onChange({ id: patient.id, name: nameOf(patient) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      setClosed(false);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(current < 0 ? (step > 0 ? 0 : count - 1) : (current + step + count) % count);
    } else if (event.key === 'Enter' && current >= 0) {
      event.preventDefault(); // picks; does not submit the booking
      pick(options[current]!);
    } else if (event.key === 'Escape' && expanded) {
      setClosed(true); // the dialog stays open (see Modal)
      setActive(-1);
    }
  };

  if (value) {
    return (
      <Box role="group" aria-labelledby={`${ids.control}-label`}>
        <Text id={`${ids.control}-label`} textStyle="sm" fontWeight="medium" mb="1.5">
          {label ?? t('patient')}
        </Text>
        <Flex align="center" gap="3">
          <Text id={`${ids.control}-picked`} fontWeight="semibold" data-testid="picked-patient">
            <bdi>{value.name}</bdi>
          </Text>
          <Button
            ref={changeButton}
            size="xs"
            variant="outline"
            aria-describedby={`${ids.control}-picked`}
            onClick={() => {
              focusNext.current = 'search';
              onChange(null);
            }}
          >
            {t('change')}
          </Button>
        </Flex>
      </Box>
    );
  }
  const announcement =
    query.length < 2 || !results.data ? '' : options.length === 0 ? t('noMatches') : t('resultsCount', { count: options.length });
  return (
    <Field.Root id={ids.control} ids={{ errorText: ids.errorText, helperText: ids.helperText }} invalid={Boolean(error)} required>
      <Field.Label>
        {label ?? t('patient')}
        <Field.RequiredIndicator />
      </Field.Label>
      <Input
        ref={searchBox}
        type="text"
        name="patientSearch"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        aria-describedby={describedBy(ids, { error })}
        value={term}
        placeholder={t('searchPlaceholder')}
        autoComplete="off"
        onChange={(event) => {
          setTerm(event.target.value);
          setActive(-1);
          setClosed(false);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setClosed(true)}
        onFocus={() => setClosed(false)}
      />
      <Box
        as="ul"
        role="listbox"
        id={listId}
        aria-label={t('results')}
        hidden={!expanded}
        w="full"
        mt="1"
        p="1"
        borderWidth="1px"
        borderRadius="l2"
        listStyle="none"
      >
        {options.map((patient, index) => (
          <Box
            as="li"
            key={patient.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            display="flex"
            flexDirection="column"
            px="3"
            py="1.5"
            borderRadius="l1"
            cursor="pointer"
            bg={index === current ? 'teal.subtle' : undefined}
            outline={index === current ? '2px solid' : undefined}
            outlineColor="teal.focusRing"
            _hover={{ bg: 'teal.subtle' }}
            // Keeps focus in the search box, as the combobox pattern wants.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(patient)}
          >
            <Text as="span" fontWeight="medium">
              <bdi>{nameOf(patient)}</bdi>
            </Text>
            <PatientFacts patient={patient} />
          </Box>
        ))}
      </Box>
      <Text role="status" fontSize="sm" color="fg.muted">
        {options.length === 0 ? announcement : <VisuallyHidden>{announcement}</VisuallyHidden>}
      </Text>
      {error && <Field.ErrorText>{error}</Field.ErrorText>}
    </Field.Root>
  );
}
