'use client';

import { Button, DataList, Flex, Separator, Stack, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { AppointmentCore, AppointmentStatus } from '@/api/types';
import { FormError, SelectField, TextField, useApiForm, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Loading } from '@/components/page';
import { StatusBadge } from '@/components/status-badge';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys, useProviders, useServices } from '@/lib/queries';
import { canBill, canMessage, isCancellable, isClosed, isFrontDesk, nextStatuses, PATIENT_FILES } from '@dental/shared';
import { VisitInvoiceButton } from '@/components/billing/visit-invoice-button';
import { AppointmentReminders } from '@/components/notifications/appointment-reminders';
import { FilesPanel } from '@/components/files/files-panel';
import { useSession } from '@/lib/session';
import { fromLocalInput, toLocalInput } from '@/lib/time';

type Mode = 'view' | 'reschedule' | 'cancel';

/** One appointment: its details and what may happen next (status, reschedule, cancel with a reason). */
export function AppointmentDialog({
  id,
  patientName,
  initial,
  onClose,
  onCancelled,
}: {
  id: string;
  patientName?: string;
  initial?: AppointmentCore;
  onClose: () => void;
  onCancelled?: () => void;
}) {
  const t = useTranslations('appointment');
  const errorMessage = useErrorMessage();
  const appointment = useQuery<AppointmentCore>({
    queryKey: keys.appointment(id),
    queryFn: () => call(api.GET('/api/appointments/{id}', { params: { path: { id } } })),
    // The calendar's copy shows at once; the fresh one (current version and status) replaces it.
    initialData: initial,
    initialDataUpdatedAt: 0,
  });
  return (
    <Modal title={t('title')} open onClose={onClose} size="lg">
      {appointment.error ? (
        <FormError message={errorMessage(appointment.error)} />
      ) : !appointment.data ? (
        <Loading />
      ) : (
        <AppointmentDetails
          appointment={appointment.data}
          patientName={patientName}
          onCancelled={() => {
            onCancelled?.();
            onClose();
          }}
        />
      )}
    </Modal>
  );
}

function AppointmentDetails({
  appointment,
  patientName,
  onCancelled,
}: {
  appointment: AppointmentCore;
  patientName?: string;
  onCancelled: () => void;
}) {
  const t = useTranslations('appointment');
  const tStatus = useTranslations('statusAction');
  const { user } = useSession();
  const formats = useFormats();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const services = useServices();
  const [mode, setModeState] = useState<Mode>('view');
  const [showFiles, setShowFiles] = useState(false);
  // Leaving a form puts focus back on the button that opened it; opening one focuses its first field.
  const buttons = useRef<Partial<Record<Mode, HTMLButtonElement | null>>>({});
  const forms = useRef<HTMLDivElement>(null);
  const left = useRef<Mode>('view');
  const setMode = (next: Mode) => {
    left.current = mode;
    setModeState(next);
  };
  useEffect(() => {
    if (mode === 'view') {
      buttons.current[left.current]?.focus();
      return;
    }
    const field = forms.current?.querySelector<HTMLElement>('input, select, textarea');
    // The dialog's focus trap sends focus back to its initial element when it loses track of it (seen now
    // and then right after a form opened): data-autofocus makes that the open form's field, not the
    // dialog's first link.
    field?.setAttribute('data-autofocus', '');
    field?.focus();
  }, [mode]);
  const dentist = providers.data?.find((u) => u.id === appointment.dentistId);
  const service = services.data?.find((s) => s.id === appointment.serviceId);
  const mayEdit = isFrontDesk(user.role) && !isClosed(appointment.status);

  // The API answers with the appointment as changed: its new version is the one the next action must send.
  const changed = (updated: AppointmentCore) => {
    queryClient.setQueryData(keys.appointment(appointment.id), updated);
    void queryClient.invalidateQueries({ queryKey: keys.appointments });
    // Moving, cancelling or a status change replaces or cancels the appointment's reminders.
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    void queryClient.invalidateQueries({ queryKey: keys.availability });
  };

  const [nextStatus, setNextStatus] = useState<AppointmentStatus>();
  const status = useApiForm(
    (next: AppointmentStatus) => {
      setNextStatus(next);
      return call(
        api.POST('/api/appointments/{id}/status', {
          params: { path: { id: appointment.id } },
          body: { status: next, version: appointment.version },
        }),
      );
    },
    { onSuccess: changed },
  );

  return (
    <Stack gap="4" data-testid="appointment-details">
      <DataList.Root orientation="horizontal">
        <Item label={t('patient')}>
          <Link href={`/patients/${appointment.patientId}`}>{patientName ? <bdi>{patientName}</bdi> : t('openPatient')}</Link>
        </Item>
        <Item label={t('when')}>
          {formats.dateTime(appointment.startAt)} – {formats.time(appointment.endAt)}
        </Item>
        <Item label={t('dentist')}>{dentist ? `${dentist.firstName} ${dentist.lastName}` : ''}</Item>
        <Item label={t('service')}>{formats.serviceName(service)}</Item>
        <Item label={t('room')}>{appointment.room ?? '—'}</Item>
        <Item label={t('status')}>
          <StatusBadge status={appointment.status} />
        </Item>
        {appointment.cancelReason && <Item label={t('cancelReason')}>{appointment.cancelReason}</Item>}
        {appointment.notes && <Item label={t('notes')}>{appointment.notes}</Item>}
      </DataList.Root>

      {canBill(user.role) && mode === 'view' && appointment.status === 'completed' && (
        <VisitInvoiceButton appointmentId={appointment.id} patientId={appointment.patientId} />
      )}
      {mayEdit && mode === 'view' && (
        <>
          <Separator />
          <Flex gap="2" wrap="wrap">
            {nextStatuses(appointment.status).map((next) => (
              <Button
                key={next}
                size="sm"
                colorPalette="teal"
                variant={next === 'no_show' ? 'outline' : 'solid'}
                loading={status.submitting && nextStatus === next}
                onClick={() => void status.run(next)}
              >
                {tStatus(next)}
              </Button>
            ))}
            <Button
              ref={(element) => {
                buttons.current.reschedule = element;
              }}
              size="sm"
              variant="outline"
              onClick={() => setMode('reschedule')}
            >
              {t('reschedule')}
            </Button>
            {isCancellable(appointment.status) && (
              <Button
                ref={(element) => {
                  buttons.current.cancel = element;
                }}
                size="sm"
                variant="outline"
                colorPalette="red"
                onClick={() => setMode('cancel')}
              >
                {t('cancelAppointment')}
              </Button>
            )}
          </Flex>
          <FormError message={status.formError} />
        </>
      )}
      {canMessage(user.role) && mode === 'view' && (
        <>
          <Separator />
          <AppointmentReminders appointment={appointment} />
        </>
      )}
      <div ref={forms}>
        {mode === 'reschedule' && (
          <RescheduleForm
            appointment={appointment}
            onDone={(updated) => {
              changed(updated);
              setMode('view');
            }}
            onBack={() => setMode('view')}
          />
        )}
        {mode === 'cancel' && (
          <CancelForm
            appointment={appointment}
            onDone={(updated) => {
              changed(updated);
              onCancelled();
            }}
            onBack={() => setMode('view')}
          />
        )}
      </div>
      {mode === 'view' && PATIENT_FILES.includes(user.role) && (
        <Stack gap="3">
          <Separator />
          <Flex>
            <Button
              variant="outline"
              size="sm"
              aria-expanded={showFiles}
              onClick={() => setShowFiles((shown) => !shown)}
              data-testid="appointment-files"
            >
              {showFiles ? t('hideFiles') : t('showFiles')}
            </Button>
          </Flex>
          {showFiles && (
            <FilesPanel compact patientId={appointment.patientId} target={{ entityType: 'appointment', entityId: appointment.id }} />
          )}
        </Stack>
      )}
    </Stack>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function RescheduleForm({
  appointment,
  onDone,
  onBack,
}: {
  appointment: AppointmentCore;
  onDone: (updated: AppointmentCore) => void;
  onBack: () => void;
}) {
  const t = useTranslations('appointment');
  const tc = useTranslations('common');
  const { clinic } = useSession();
  const providers = useProviders();
  const [values, setValues] = useState({
    start: toLocalInput(appointment.startAt, clinic.timezone),
    dentistId: appointment.dentistId,
    room: appointment.room ?? '',
  });
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const durationMs = new Date(appointment.endAt).getTime() - new Date(appointment.startAt).getTime();
  const form = useApiForm(
    () => {
      const startAt = fromLocalInput(values.start, clinic.timezone) ?? values.start;
      const endAt = new Date(new Date(startAt).getTime() + durationMs).toISOString();
      return call(
        api.PATCH('/api/appointments/{id}', {
          params: { path: { id: appointment.id } },
          body: { version: appointment.version, startAt, endAt, dentistId: values.dentistId, room: values.room || null },
        }),
      );
    },
    { fields: ['startAt', 'dentistId', 'room'], onSuccess: onDone },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate data-testid="reschedule-form">
      <Stack gap="3">
        <Text as="h3" fontWeight="semibold">
          {t('reschedule')}
        </Text>
        <TextField
          label={t('newStart')}
          name="start"
          type="datetime-local"
          required
          value={values.start}
          onChange={set('start')}
          error={form.fieldErrors.startAt}
        />
        <SelectField
          label={t('dentist')}
          name="dentistId"
          value={values.dentistId}
          onChange={set('dentistId')}
          error={form.fieldErrors.dentistId}
          options={(providers.data ?? []).map((user) => ({ value: user.id, label: `${user.firstName} ${user.lastName}` }))}
        />
        <SelectField
          label={t('room')}
          name="room"
          value={values.room}
          onChange={set('room')}
          error={form.fieldErrors.room}
          placeholder={t('noRoom')}
          options={[...new Set([...clinic.rooms, ...(appointment.room ? [appointment.room] : [])])].map((room) => ({
            value: room,
            label: room,
          }))}
        />
        <FormError message={form.formError} />
        <Flex gap="2">
          <Button type="submit" colorPalette="teal" size="sm" loading={form.submitting}>
            {t('saveReschedule')}
          </Button>
          <Button variant="ghost" size="sm" onClick={onBack}>
            {tc('back')}
          </Button>
        </Flex>
      </Stack>
    </form>
  );
}

function CancelForm({
  appointment,
  onDone,
  onBack,
}: {
  appointment: AppointmentCore;
  onDone: (updated: AppointmentCore) => void;
  onBack: () => void;
}) {
  const t = useTranslations('appointment');
  const tc = useTranslations('common');
  const [reason, setReason] = useState('');
  const form = useApiForm(
    () =>
      call(
        api.POST('/api/appointments/{id}/cancel', {
          params: { path: { id: appointment.id } },
          body: { reason, version: appointment.version },
        }),
      ),
    { fields: ['reason'], onSuccess: onDone },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate data-testid="cancel-form">
      <Stack gap="3">
        <TextField label={t('cancelReason')} name="reason" required value={reason} onChange={setReason} error={form.fieldErrors.reason} />
        <FormError message={form.formError} />
        <Flex gap="2">
          <Button type="submit" colorPalette="red" size="sm" loading={form.submitting}>
            {t('confirmCancel')}
          </Button>
          <Button variant="ghost" size="sm" onClick={onBack}>
            {tc('back')}
          </Button>
        </Flex>
      </Stack>
    </form>
  );
}
