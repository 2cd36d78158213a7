'use client';

import { Badge, Box, Button, Card, Flex, Stack, Table, Tabs, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, useApiForm, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Empty, Loading, PageHeader } from '@/components/page';
import { StatusBadge } from '@/components/status-badge';
import { useFormats } from '@/lib/format';
import { allPages, keys, useProviders, useServices } from '@/lib/queries';
import { canBill, isFrontDesk, isManager, PATIENT_FILES } from '@dental/shared';
import { PatientBilling } from '@/components/billing/patient-billing';
import { useSession } from '@/lib/session';
import { FilesPanel } from '@/components/files/files-panel';
import { PatientForm } from './patient-form';

export function PatientDetail({ id }: { id: string }) {
  const t = useTranslations('patients');
  const tc = useTranslations('common');
  const locale = useLocale();
  const countryName = (code: string) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
  const { user } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
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
  // Phone numbers and emails read left to right inside Arabic text too.
  const details: { label: string; value: string | null | undefined; ltr?: boolean }[] = [
    { label: t('phone'), value: p.phone, ltr: true },
    { label: t('email'), value: p.email, ltr: true },
    { label: t('dateOfBirth'), value: p.dateOfBirth },
    { label: t('address'), value: p.address },
    { label: t('nationality'), value: p.nationality ? (countryName(p.nationality) ?? p.nationality) : null },
    // Absent (undefined) for roles that may not see it.
    { label: t('nationalId'), value: p.nationalId, ltr: true },
    // Clinical fields are absent (undefined) for roles that may not read them, and then not shown.
    { label: t('allergies'), value: p.allergies },
    { label: t('medicalHistory'), value: p.medicalHistory },
    { label: t('notes'), value: p.notes },
  ];

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
            {isFrontDesk(user.role) && !p.archivedAt && (
              <Button variant="outline" onClick={() => setEditing(true)} data-testid="edit-patient">
                {tc('edit')}
              </Button>
            )}
            {isManager(user.role) && !p.archivedAt && (
              <Button variant="outline" colorPalette="red" onClick={() => setArchiving(true)}>
                {t('archive')}
              </Button>
            )}
          </>
        }
      />
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
            <Card.Root>
              <Card.Body>
                <Box as="dl" display="grid" gridTemplateColumns={{ base: '1fr', md: '12rem 1fr' }} gap="2">
                  {details
                    .filter(({ value }) => value !== undefined)
                    .map(({ label, value, ltr }) => (
                      <Box key={label} display="contents">
                        <Text as="dt" color="fg.muted">
                          {label}
                        </Text>
                        <Text as="dd" whiteSpace="pre-wrap" dir={ltr ? 'ltr' : undefined} textAlign="start">
                          {value || '—'}
                        </Text>
                      </Box>
                    ))}
                </Box>
              </Card.Body>
            </Card.Root>
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

/** Every appointment of the patient, newest first (ten years back, a year ahead). */
function AppointmentHistory({ patientId }: { patientId: string }) {
  const t = useTranslations('patients');
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const providers = useProviders();
  const services = useServices();
  const history = useQuery({
    queryKey: [...keys.appointments, 'patient', patientId],
    queryFn: () => {
      const from = DateTime.now().minus({ years: 10 }).toUTC().toISO();
      const to = DateTime.now().plus({ years: 1 }).toUTC().toISO();
      return allPages((cursor) =>
        call(api.GET('/api/appointments', { params: { query: { from, to, patientId, limit: 2000, cursor } } })),
      ).then((items) => items.reverse());
    },
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
        <Box overflowX="auto">
          <Table.Root size="sm" data-testid="patient-history">
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
                return (
                  <Table.Row key={entry.id}>
                    <Table.Cell>{formats.dateTime(entry.startAt)}</Table.Cell>
                    <Table.Cell>{formats.serviceName(services.data?.find((s) => s.id === entry.serviceId))}</Table.Cell>
                    <Table.Cell>{dentist ? `${dentist.firstName} ${dentist.lastName}` : ''}</Table.Cell>
                    <Table.Cell>
                      <StatusBadge status={entry.status} />
                      {entry.cancelReason && (
                        <Text fontSize="xs" color="fg.muted">
                          {entry.cancelReason}
                        </Text>
                      )}
                    </Table.Cell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
    </Stack>
  );
}
