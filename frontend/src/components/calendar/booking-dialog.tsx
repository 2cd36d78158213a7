'use client';

import { Alert, Button, Stack } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { ApiError, call } from '@/api/problem';
import { CheckboxField, FormError, SelectField, TextAreaField, TextField, useApiForm } from '@/components/form';
import { Modal } from '@/components/modal';
import { PatientPicker, type PickedPatient } from '@/components/patient-picker';
import { useFormats } from '@/lib/format';
import { keys, useProviders, useServices } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { canReadClinical, isManager } from '@dental/shared';
import { fromLocalInput, toLocalInput } from '@/lib/time';

export interface BookingDraft {
  dentistId: string;
  serviceId: string;
  startAt: string;
  room?: string | null;
  /** Booking for a patient chosen beforehand (from the patient's page). */
  patient?: PickedPatient;
}

/** A start this far back still counts as now (as the API's booking rules say). */
const PAST_GRACE_MS = 15 * 60_000;

/** Books a free slot: the patient, then confirm; a slot taken meanwhile shows the appointment that holds it. */
export function BookingDialog({
  draft,
  onClose,
  onBooked,
  onShowAppointment,
}: {
  draft: BookingDraft;
  onClose: () => void;
  onBooked?: (id: string) => void;
  onShowAppointment: (id: string) => void;
}) {
  const t = useTranslations('booking');
  const tc = useTranslations('common');
  const { clinic, user } = useSession();
  // Appointment notes are clinical text: only clinical roles write them.
  const writesNotes = canReadClinical(user.role);
  const formats = useFormats();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const services = useServices();
  const [patient, setPatient] = useState<PickedPatient | null>(draft.patient ?? null);
  const [backEntry, setBackEntry] = useState(false);
  const [openedAt] = useState(() => Date.now());
  const [values, setValues] = useState({
    dentistId: draft.dentistId,
    serviceId: draft.serviceId,
    room: draft.room ?? '',
    // "New appointment" opens with no time: the receptionist picks it.
    start: draft.startAt ? toLocalInput(draft.startAt, clinic.timezone) : '',
    notes: '',
  });
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));

  const form = useApiForm(
    () =>
      call(
        api.POST('/api/appointments', {
          body: {
            patientId: patient?.id ?? '',
            dentistId: values.dentistId,
            serviceId: values.serviceId,
            room: values.room || null,
            startAt: fromLocalInput(values.start, clinic.timezone) ?? values.start,
            notes: writesNotes ? values.notes.trim() || null : undefined,
            ...(inPast && backEntry ? { backEntry: true } : {}),
          },
        }),
      ),
    {
      fields: ['patientId', 'dentistId', 'serviceId', 'room', 'startAt', 'notes'],
      // Refusals about the time go beside the start field, which then takes focus.
      problemFields: { 'outside-working-hours': 'startAt', 'booking-in-past': 'startAt' },
      onSuccess: (booked) => {
        void queryClient.invalidateQueries({ queryKey: keys.appointments });
        void queryClient.invalidateQueries({ queryKey: keys.availability });
        onBooked?.(booked.id);
        onClose();
      },
    },
  );

  // A start in the past is a record of a visit that happened: only Owners and Admins make one, on purpose.
  const startInstant = fromLocalInput(values.start, clinic.timezone);
  const inPast = startInstant !== null && Date.parse(startInstant) < openedAt - PAST_GRACE_MS;

  // A double booking (409) names the appointment in the way: fetch it to say when and with whom.
  const conflictingId = form.lastError instanceof ApiError ? form.lastError.problem.conflictingAppointmentId : undefined;
  const conflictQuery = useQuery({
    queryKey: keys.appointment(conflictingId ?? ''),
    queryFn: () => call(api.GET('/api/appointments/{id}', { params: { path: { id: conflictingId! } } })),
    enabled: Boolean(conflictingId),
  });
  const conflict = conflictingId ? (conflictQuery.data ?? null) : null;
  const conflictDentist = providers.data?.find((user) => user.id === conflict?.dentistId);

  return (
    <Modal
      title={t('title')}
      open
      onClose={onClose}
      footer={
        <>
          <Button variant="outline" onClick={onClose}>
            {tc('cancel')}
          </Button>
          <Button colorPalette="teal" type="submit" form="booking-form" loading={form.submitting} data-testid="confirm-booking">
            {t('book')}
          </Button>
        </>
      }
    >
      <form id="booking-form" onSubmit={form.onSubmit} noValidate>
        <Stack gap="4">
          {conflictingId && (
            <Alert.Root status="warning" role="alert" data-testid="booking-conflict">
              <Alert.Indicator />
              <Alert.Content>
                <Alert.Title>{t('conflictTitle')}</Alert.Title>
                {/* The translated problem would repeat the title: the details come with the appointment in the way. */}
                {conflict && (
                  <Alert.Description>
                    {t('conflictDetail', {
                      dentist: conflictDentist ? `${conflictDentist.firstName} ${conflictDentist.lastName}` : '',
                      start: formats.dateTime(conflict.startAt),
                      end: formats.time(conflict.endAt),
                      room: conflict.room ?? '—',
                    })}
                  </Alert.Description>
                )}
                <Button size="xs" mt="2" variant="outline" onClick={() => onShowAppointment(conflictingId)}>
                  {t('showConflict')}
                </Button>
              </Alert.Content>
            </Alert.Root>
          )}
          <PatientPicker value={patient} onChange={setPatient} error={form.fieldErrors.patientId && t('patientRequired')} />
          <SelectField
            label={t('service')}
            name="serviceId"
            required
            value={values.serviceId}
            onChange={set('serviceId')}
            error={form.fieldErrors.serviceId}
            placeholder={values.serviceId ? undefined : t('choose')}
            options={(services.data ?? [])
              .filter((s) => s.active || s.id === values.serviceId)
              .map((s) => ({ value: s.id, label: `${formats.serviceName(s)} (${t('minutes', { count: s.durationMinutes })})` }))}
          />
          <SelectField
            label={t('dentist')}
            name="dentistId"
            required
            value={values.dentistId}
            onChange={set('dentistId')}
            error={form.fieldErrors.dentistId}
            placeholder={values.dentistId ? undefined : t('choose')}
            options={(providers.data ?? []).map((user) => ({ value: user.id, label: `${user.firstName} ${user.lastName}` }))}
          />
          <TextField
            label={t('start')}
            name="start"
            type="datetime-local"
            required
            value={values.start}
            onChange={set('start')}
            error={form.fieldErrors.startAt}
          />
          <SelectField
            label={t('room')}
            name="room"
            value={values.room}
            onChange={set('room')}
            error={form.fieldErrors.room}
            placeholder={t('noRoom')}
            options={clinic.rooms.map((room) => ({ value: room, label: room }))}
          />
          {inPast && (
            <Alert.Root status="warning" data-testid="booking-in-past">
              <Alert.Indicator />
              <Alert.Content>
                <Alert.Title>{t('inPastTitle')}</Alert.Title>
                <Alert.Description>{isManager(user.role) ? t('inPastManager') : t('inPastOthers')}</Alert.Description>
              </Alert.Content>
            </Alert.Root>
          )}
          {inPast && isManager(user.role) && (
            <CheckboxField
              label={t('backEntry')}
              name="backEntry"
              checked={backEntry}
              onChange={setBackEntry}
              helper={t('backEntryHint')}
            />
          )}
          {writesNotes && (
            <TextAreaField label={t('notes')} name="notes" value={values.notes} onChange={set('notes')} error={form.fieldErrors.notes} />
          )}
          {!conflictingId && <FormError message={form.formError} />}
        </Stack>
      </form>
    </Modal>
  );
}
