'use client';

import { Box, Button, Flex, Heading, Stack, Table, Text } from '@chakra-ui/react';
import { useQueries } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, useErrorMessage } from '@/components/form';
import { Loading, PageHeader } from '@/components/page';
import { CARDS_ON_PHONE } from '@/components/responsive-table';
import { StatusBadge } from '@/components/status-badge';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys, useAppointmentRange, useProviders, useServices } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { addDays, daySpans, todayIn } from '@/lib/time';

/**
 * The printable day sheet: one day's appointments per dentist (time, patient, phone, service, notes,
 * status), a page per dentist on paper. Cancelled visits are left out; no-shows stay (the day as it was).
 * Notes come only for clinical roles (the API leaves them out for the others).
 */
export function DaySheet() {
  const t = useTranslations('daySheet');
  const { clinic } = useSession();
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const search = useSearchParams();
  const day = /^\d{4}-\d\d-\d\d$/.test(search.get('day') ?? '') ? search.get('day')! : todayIn(clinic.timezone);
  const [span] = daySpans([day], clinic.timezone);
  const appointments = useAppointmentRange(new Date(span!.start).toISOString(), new Date(span!.end).toISOString());
  const providers = useProviders();
  const services = useServices();
  const entries = useMemo(
    () => (appointments.data ?? []).filter((e) => e.status !== 'cancelled').sort((a, b) => a.startAt.localeCompare(b.startAt)),
    [appointments.data],
  );
  // Phones are on the patient, not the calendar entry: one request per patient of the day (tens at most).
  const patientIds = useMemo(() => [...new Set(entries.map((e) => e.patientId))], [entries]);
  const patients = useQueries({
    queries: patientIds.map((id) => ({
      queryKey: keys.patient(id),
      queryFn: () => call(api.GET('/api/patients/{id}', { params: { path: { id } } })),
    })),
  });
  const phoneOf = new Map(patients.flatMap((p) => (p.data ? [[p.data.id, p.data.phone ?? '']] : [])));
  const serviceOf = new Map(services.data?.map((s) => [s.id, s]));
  const dentists = (providers.data ?? []).filter((d) => entries.some((e) => e.dentistId === d.id));
  const loading = !appointments.data || !providers.data || patients.some((p) => p.isPending);

  return (
    <Box data-testid="day-sheet">
      <PageHeader
        title={t('heading', { day: formats.day(day) })}
        actions={
          <Flex gap="2" wrap="wrap" _print={{ display: 'none' }}>
            <Button size="sm" variant="outline" asChild>
              <Link href={`/calendar/print?day=${addDays(day, -1)}`}>{t('previous')}</Link>
            </Button>
            <Button size="sm" variant="outline" asChild>
              <Link href={`/calendar/print?day=${addDays(day, 1)}`}>{t('next')}</Link>
            </Button>
            <Button size="sm" variant="outline" asChild>
              <Link href={`/calendar?view=day&day=${day}`}>{t('back')}</Link>
            </Button>
            <Button size="sm" colorPalette="teal" onClick={() => window.print()} data-testid="print-now">
              {t('print')}
            </Button>
          </Flex>
        }
      />
      <Text fontSize="sm" color="fg.muted" mb="4">
        <bdi>{clinic.name}</bdi>
      </Text>
      {appointments.error && <FormError message={errorMessage(appointments.error)} />}
      {loading ? (
        <Loading />
      ) : dentists.length === 0 ? (
        <Text data-testid="day-sheet-empty">{t('nothing')}</Text>
      ) : (
        <Stack gap="8">
          {dentists.map((dentist, index) => {
            const own = entries.filter((e) => e.dentistId === dentist.id);
            return (
              <Box
                as="section"
                key={dentist.id}
                data-testid="day-sheet-dentist"
                data-dentist={dentist.id}
                _print={{ breakBefore: index > 0 ? 'page' : 'auto' }}
              >
                <Flex justify="space-between" align="baseline" mb="2" gap="3" wrap="wrap">
                  <Heading as="h2" size="md">
                    <bdi>
                      {dentist.firstName} {dentist.lastName}
                    </bdi>
                  </Heading>
                  <Text fontSize="sm" color="fg.muted">
                    {t('count', { count: own.length })}
                  </Text>
                </Flex>
                <Table.Root size="sm" variant="outline" css={CARDS_ON_PHONE}>
                  <Table.Header>
                    <Table.Row>
                      <Table.ColumnHeader>{t('time')}</Table.ColumnHeader>
                      <Table.ColumnHeader>{t('patient')}</Table.ColumnHeader>
                      <Table.ColumnHeader>{t('phone')}</Table.ColumnHeader>
                      <Table.ColumnHeader>{t('service')}</Table.ColumnHeader>
                      <Table.ColumnHeader>{t('notes')}</Table.ColumnHeader>
                      <Table.ColumnHeader>{t('status')}</Table.ColumnHeader>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {own.map((entry) => (
                      <Table.Row key={entry.id} data-testid="day-sheet-row" data-entry-id={entry.id} _print={{ breakInside: 'avoid' }}>
                        <Table.Cell data-label={t('time')} whiteSpace="nowrap">
                          {formats.time(entry.startAt)}–{formats.time(entry.endAt)}
                        </Table.Cell>
                        <Table.Cell data-label={t('patient')}>
                          <bdi>{entry.patientName}</bdi>
                        </Table.Cell>
                        <Table.Cell data-label={t('phone')}>
                          <bdi dir="ltr">{phoneOf.get(entry.patientId)}</bdi>
                        </Table.Cell>
                        <Table.Cell data-label={t('service')}>{formats.serviceName(serviceOf.get(entry.serviceId))}</Table.Cell>
                        <Table.Cell data-label={t('notes')} whiteSpace="pre-wrap">
                          {entry.notes ? <bdi>{entry.notes}</bdi> : ''}
                        </Table.Cell>
                        <Table.Cell data-label={t('status')}>
                          <StatusBadge status={entry.status} />
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table.Root>
              </Box>
            );
          })}
        </Stack>
      )}
    </Box>
  );
}
