'use client';

import { Alert, Badge, Box, Button, Card, Flex, Stack, Table, Tabs, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { CalendarEntry, Patient } from '@/api/types';
import { FormError, useApiForm, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Empty, Loading, PageHeader } from '@/components/page';
import { PatientFacts, PatientPicker, type PickedPatient } from '@/components/patient-picker';
import { CARDS_ON_PHONE } from '@/components/responsive-table';
import { StatusBadge } from '@/components/status-badge';
import { AppointmentDialog } from '@/components/calendar/appointment-dialog';
import { Link, useRouter } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { allPages, keys, useProviders, useServices } from '@/lib/queries';
import { canBill, isFrontDesk, isManager, PATIENT_FILES } from '@dental/shared';
import { FilesPanel } from '@/components/files/files-panel';
import { PatientBilling } from '@/components/billing/patient-billing';
import { useSession } from '@/lib/session';
import { PatientForm } from './patient-form';

export function PatientDetail({ id }: { id: string }) {
  const t = useTranslations('patients');
  const tc = useTranslations('common');
  const { user } = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [merging, setMerging] = useState(false);
  const patient = useQuery({
    queryKey: keys.patient(id),
    queryFn: () => call(api.GET('/api/patients/{id}', { params: { path: { id } } })),
  });
  const archive = useApiForm(() => call(api.DELETE('/api/patients/{id}', { params: { path: { id } } })), {
    onSuccess: () => {
      setArchiving(false);
      void queryClient.invalidateQueries({ queryKey: keys.patient(id) });
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
    },
  });

  if (patient.error) return <FormError message={errorMessage(patient.error)} />;
  if (!patient.data) return <Loading />;
  const p = patient.data;
  const active = !p.archivedAt;

  return (
    <Stack gap="5">
      <PageHeader
        title={`${p.firstName} ${p.lastName}`}
        actions={
          <>
            {p.archivedAt && (
              <Badge colorPalette="gray" size="lg">
                {t('archived')}
              </Badge>
            )}
            {isFrontDesk(user.role) && active && (
              <Button colorPalette="teal" onClick={() => router.push(`/calendar?patient=${p.id}`)} data-testid="book-for-patient">
                {t('bookAppointment')}
              </Button>
            )}
            {isFrontDesk(user.role) && active && (
              <Button variant="outline" onClick={() => setEditing(true)} data-testid="edit-patient">
                {tc('edit')}
              </Button>
            )}
            {isManager(user.role) && active && (
              <Button variant="outline" onClick={() => setMerging(true)} data-testid="merge-patient">
                {t('merge')}
              </Button>
            )}
            {isManager(user.role) && active && (
              <Button variant="outline" colorPalette="red" onClick={() => setArchiving(true)}>
                {t('archive')}
              </Button>
            )}
          </>
        }
      />
      {p.mergedIntoId && (
        <Alert.Root status="info">
          <Alert.Indicator />
          <Alert.Content>
            <Alert.Title>{t('mergedInto')}</Alert.Title>
            <Link href={`/patients/${p.mergedIntoId}`}>{t('openMergedInto')}</Link>
          </Alert.Content>
        </Alert.Root>
      )}
      {p.allergies && (
        // Allergies are read before anything is done to the patient: an alert at the top, not a line in the list.
        <Alert.Root status="error" data-testid="allergies-alert">
          <Alert.Indicator />
          <Alert.Content>
            <Alert.Title>{t('allergiesAlert')}</Alert.Title>
            <Alert.Description whiteSpace="pre-wrap">
              <bdi>{p.allergies}</bdi>
            </Alert.Description>
          </Alert.Content>
        </Alert.Root>
      )}
      <Tabs.Root defaultValue="record" variant="line" lazyMount>
        <Tabs.List>
          <Tabs.Trigger value="record" data-testid="tab-record">
            {t('tabRecord')}
          </Tabs.Trigger>
          {canBill(user.role) && (
            <Tabs.Trigger value="billing" data-testid="tab-billing">
              {t('billing')}
            </Tabs.Trigger>
          )}
          {PATIENT_FILES.includes(user.role) && (
            <Tabs.Trigger value="files" data-testid="tab-files">
              {t('tabFiles')}
            </Tabs.Trigger>
          )}
        </Tabs.List>
        <Tabs.Content value="record">
          <Stack gap="5">
            <PatientCard patient={p} />
            <AppointmentHistory patientId={id} />
          </Stack>
        </Tabs.Content>
        {canBill(user.role) && (
          <Tabs.Content value="billing">
            <PatientBilling patientId={id} patientName={`${p.firstName} ${p.lastName}`} />
          </Tabs.Content>
        )}
        {PATIENT_FILES.includes(user.role) && (
          <Tabs.Content value="files">
            <FilesPanel patientId={id} target={{ entityType: 'patient', entityId: id }} readOnly={Boolean(p.archivedAt)} />
          </Tabs.Content>
        )}
      </Tabs.Root>
      <Modal title={t('edit')} open={editing} onClose={() => setEditing(false)} size="lg">
        <PatientForm
          formId="edit-patient"
          patient={p}
          submitLabel={tc('save')}
          onSave={async (input) => {
            await call(api.PATCH('/api/patients/{id}', { params: { path: { id } }, body: input }));
            void queryClient.invalidateQueries({ queryKey: keys.patient(id) });
            void queryClient.invalidateQueries({ queryKey: ['patients'] });
            setEditing(false);
          }}
        />
      </Modal>
      {merging && <MergeDialog patient={p} onClose={() => setMerging(false)} />}
      <Modal
        title={t('archive')}
        open={archiving}
        onClose={() => setArchiving(false)}
        footer={
          <Flex gap="2">
            <Button variant="outline" onClick={() => setArchiving(false)}>
              {tc('cancel')}
            </Button>
            <Button colorPalette="red" onClick={() => void archive.onSubmit()} loading={archive.submitting} data-testid="confirm-archive">
              {t('archive')}
            </Button>
          </Flex>
        }
      >
        <Text>{t('archiveExplain')}</Text>
        <FormError message={archive.formError} />
      </Modal>
    </Stack>
  );
}

/** Contact data and (for clinical roles) the record, each on a line that names it. */
function PatientCard({ patient: p }: { patient: Patient }) {
  const t = useTranslations('patients');
  const tGender = useTranslations('gender');
  const tLanguage = useTranslations('language');
  const formats = useFormats();
  const locale = useLocale();
  const countryName = (code: string) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
  // Phone numbers and emails read left to right inside Arabic text too; names and free text keep their own direction.
  const details: { label: string; value: React.ReactNode; ltr?: boolean }[] = [
    { label: t('phone'), value: p.phone, ltr: true },
    { label: t('email'), value: p.email, ltr: true },
    { label: t('dateOfBirth'), value: p.dateOfBirth && formats.date(p.dateOfBirth) },
    { label: t('gender'), value: p.gender && tGender(p.gender) },
    { label: t('preferredLanguage'), value: p.preferredLanguage && tLanguage(p.preferredLanguage as 'en' | 'ar') },
    { label: t('lastVisit'), value: p.lastVisitAt ? formats.dateOf(p.lastVisitAt) : t('noVisitYet') },
    { label: t('address'), value: p.address && <bdi>{p.address}</bdi> },
    { label: t('nationality'), value: p.nationality ? (countryName(p.nationality) ?? p.nationality) : null },
    // Absent (undefined) for roles that may not see it.
    ...(p.nationalId !== undefined ? [{ label: t('nationalId'), value: p.nationalId, ltr: true }] : []),
    { label: t('reminders'), value: p.remindersOptOut ? t('remindersOff') : t('remindersOn') },
    // Clinical fields are absent (undefined) for roles that may not read them, and then not shown.
    ...(p.medicalHistory !== undefined ? [{ label: t('medicalHistory'), value: p.medicalHistory && <bdi>{p.medicalHistory}</bdi> }] : []),
    ...(p.notes !== undefined ? [{ label: t('notes'), value: p.notes && <bdi>{p.notes}</bdi> }] : []),
  ];
  return (
    <Card.Root>
      <Card.Body>
        <Box as="dl" display="grid" gridTemplateColumns={{ base: '1fr', md: '12rem 1fr' }} columnGap="4" rowGap={{ base: '0', md: '2' }}>
          {details.map(({ label, value, ltr }) => (
            <Box key={label} display="contents">
              <Text as="dt" color="fg.muted" mt={{ base: '2', md: '0' }}>
                {label}
              </Text>
              <Text as="dd" whiteSpace="pre-wrap" dir={ltr ? 'ltr' : undefined} textAlign="start" data-field={label}>
                {value || '—'}
              </Text>
            </Box>
          ))}
        </Box>
      </Card.Body>
    </Card.Root>
  );
}

/** Merges a duplicate record into this one (Owner, Admin): pick it, read what will happen, confirm. */
function MergeDialog({ patient, onClose }: { patient: Patient; onClose: () => void }) {
  const t = useTranslations('patients');
  const tc = useTranslations('common');
  const queryClient = useQueryClient();
  const [duplicate, setDuplicate] = useState<PickedPatient | null>(null);
  const picked = useQuery({
    queryKey: keys.patient(duplicate?.id ?? ''),
    queryFn: () => call(api.GET('/api/patients/{id}', { params: { path: { id: duplicate!.id } } })),
    enabled: Boolean(duplicate),
  });
  const form = useApiForm(
    () => call(api.POST('/api/patients/{id}/merge', { params: { path: { id: patient.id } }, body: { duplicateId: duplicate?.id ?? '' } })),
    {
      fields: ['duplicateId'],
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: ['patients'] });
        void queryClient.invalidateQueries({ queryKey: ['patient'] });
        void queryClient.invalidateQueries({ queryKey: keys.appointments });
        onClose();
      },
    },
  );
  const name = `${patient.firstName} ${patient.lastName}`;
  return (
    <Modal
      title={t('mergeTitle')}
      open
      onClose={onClose}
      size="lg"
      footer={
        <Flex gap="2">
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button
            type="submit"
            form="merge-form"
            colorPalette="red"
            loading={form.submitting}
            disabled={!duplicate}
            data-testid="confirm-merge"
          >
            {t('mergeConfirm')}
          </Button>
        </Flex>
      }
    >
      <form id="merge-form" onSubmit={form.onSubmit} noValidate>
        <Stack gap="4">
          <Text>{t.rich('mergeExplain', { name: () => <bdi>{name}</bdi> })}</Text>
          <PatientPicker
            value={duplicate}
            onChange={setDuplicate}
            error={form.fieldErrors.duplicateId}
            label={t('mergePick')}
            exclude={patient.id}
          />
          {picked.data && (
            <Box borderWidth="1px" borderRadius="md" p="3" data-testid="merge-candidate">
              <Text fontWeight="semibold">
                <bdi>
                  {picked.data.firstName} {picked.data.lastName}
                </bdi>
              </Text>
              <PatientFacts patient={picked.data} />
            </Box>
          )}
          <FormError message={form.formError} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Every appointment of the patient, newest first (ten years back, a year ahead); a row opens the appointment. */
function AppointmentHistory({ patientId }: { patientId: string }) {
  const t = useTranslations('patients');
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const providers = useProviders();
  const services = useServices();
  const [opened, setOpened] = useState<CalendarEntry | null>(null);
  const [span] = useState(() => ({
    from: DateTime.now().minus({ years: 10 }).toUTC().toISO(),
    to: DateTime.now().plus({ years: 1 }).toUTC().toISO(),
  }));
  const history = useQuery({
    queryKey: keys.patientAppointments(patientId),
    queryFn: () =>
      allPages((cursor) => call(api.GET('/api/appointments', { params: { query: { ...span, patientId, limit: 2000, cursor } } }))).then(
        (items) => items.reverse(),
      ),
  });
  return (
    <Stack gap="3">
      <Text as="h2" fontSize="lg" fontWeight="semibold">
        {t('history')}
      </Text>
      {history.error && <FormError message={errorMessage(history.error)} />}
      {!history.data ? (
        <Loading />
      ) : history.data.length === 0 ? (
        <Empty>{t('noAppointments')}</Empty>
      ) : (
        <Table.Root size="sm" data-testid="patient-history" css={CARDS_ON_PHONE} interactive>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeader>{t('when')}</Table.ColumnHeader>
              <Table.ColumnHeader>{t('service')}</Table.ColumnHeader>
              <Table.ColumnHeader>{t('dentist')}</Table.ColumnHeader>
              <Table.ColumnHeader>{t('status')}</Table.ColumnHeader>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {history.data.map((entry) => {
              const dentist = providers.data?.find((u) => u.id === entry.dentistId);
              const when = formats.dateTime(entry.startAt);
              return (
                <Table.Row key={entry.id} cursor="pointer" onClick={() => setOpened(entry)} data-testid="history-row">
                  <Table.Cell data-label={t('when')}>
                    {/* The row is clickable; this button is the keyboard's and screen reader's way in. */}
                    <Button
                      variant="plain"
                      size="sm"
                      p="0"
                      h="auto"
                      color="teal.fg"
                      textDecoration="underline"
                      aria-label={t('visitOn', { date: when })}
                      onClick={(event) => {
                        event.stopPropagation();
                        setOpened(entry);
                      }}
                    >
                      {when}
                    </Button>
                  </Table.Cell>
                  <Table.Cell data-label={t('service')}>
                    {formats.serviceName(services.data?.find((s) => s.id === entry.serviceId))}
                  </Table.Cell>
                  <Table.Cell data-label={t('dentist')}>
                    <bdi>{dentist ? `${dentist.firstName} ${dentist.lastName}` : ''}</bdi>
                  </Table.Cell>
                  <Table.Cell data-label={t('status')}>
                    <Box>
                      <StatusBadge status={entry.status} />
                      {entry.cancelReason && (
                        <Text fontSize="xs" color="fg.muted">
                          <bdi>{entry.cancelReason}</bdi>
                        </Text>
                      )}
                    </Box>
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table.Root>
      )}
      {opened && <AppointmentDialog id={opened.id} patientName={opened.patientName} initial={opened} onClose={() => setOpened(null)} />}
    </Stack>
  );
}
