'use client';

import { Box, Button, ButtonGroup, chakra, Flex, NativeSelect, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { CalendarEntry, Slot } from '@/api/types';
import { FormError, useErrorMessage } from '@/components/form';
import { Empty, Loading, PageHeader } from '@/components/page';
import { STATUS_COLOR } from '@/components/status-badge';
import styles from './calendar.module.css';
import { useFormats } from '@/lib/format';
import { keys, useAppointmentRange, useProviders, useServices } from '@/lib/queries';
import { isFrontDesk } from '@dental/shared';
import { useSession } from '@/lib/session';
import { addDays, daySpans, dayStartInstant, minutesInto, spanOf, todayIn, weekStart, type DaySpan } from '@/lib/time';
import { AppointmentDialog } from './appointment-dialog';
import { BookingDialog, type BookingDraft } from './booking-dialog';
import { placeEntries, visibleHours } from './layout';

const PX_PER_MINUTE = 1.2;
const ALL = 'all';

type View = 'day' | 'week';
type Grouping = 'dentist' | 'room';

interface Column {
  key: string;
  title: string;
  span: DaySpan;
  entries: CalendarEntry[];
  slots: Slot[];
  room?: string;
}

export function Calendar() {
  const t = useTranslations('calendar');
  const { clinic, user } = useSession();
  const zone = clinic.timezone;
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const providers = useProviders();
  const services = useServices();
  // The view and day live in the URL too, so a reload or a shared link opens the same page.
  const search = useSearchParams();
  const [view, setViewState] = useState<View>(() => (search.get('view') === 'week' ? 'week' : 'day'));
  const [day, setDayState] = useState(() => (/^\d{4}-\d\d-\d\d$/.test(search.get('day') ?? '') ? search.get('day')! : todayIn(zone)));
  // Opened from a patient's page ("Book appointment"): the booking is for that patient.
  const patientId = search.get('patient');
  const forPatient = useQuery({
    queryKey: keys.patient(patientId ?? ''),
    queryFn: () => call(api.GET('/api/patients/{id}', { params: { path: { id: patientId! } } })),
    enabled: patientId !== null && /^[0-9a-f-]{36}$/i.test(patientId),
  });
  const preselected = useMemo(
    () => (forPatient.data ? { id: forPatient.data.id, name: `${forPatient.data.firstName} ${forPatient.data.lastName}` } : undefined),
    [forPatient.data],
  );
  const remember = (nextView: View, nextDay: string) =>
    window.history.replaceState(
      null,
      '',
      `?view=${nextView}&day=${nextDay}${patientId ? `&patient=${encodeURIComponent(patientId)}` : ''}`,
    );
  const setView = (next: View) => {
    setViewState(next);
    remember(next, day);
  };
  const setDay = (next: string) => {
    setDayState(next);
    remember(view, next);
  };
  const [grouping, setGrouping] = useState<Grouping>('dentist');
  const [resource, setResource] = useState(ALL); // week view: ALL, "d:<dentistId>" or "r:<room>"
  const [serviceId, setServiceId] = useState('');
  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const [opened, setOpened] = useState<{ id: string; patientName?: string; initial?: CalendarEntry } | null>(null);

  const days = useMemo(() => (view === 'day' ? [day] : Array.from({ length: 7 }, (_, i) => addDays(weekStart(day), i))), [view, day]);
  const spans = useMemo(() => daySpans(days, zone), [days, zone]);
  const from = new Date(spans[0]!.start).toISOString();
  const to = new Date(spans.at(-1)!.end).toISOString();
  const weekDentist = resource.startsWith('d:') ? resource.slice(2) : undefined;
  const showSlots = Boolean(serviceId) && isFrontDesk(user.role) && (view === 'day' ? grouping === 'dentist' : Boolean(weekDentist));

  const appointments = useAppointmentRange(from, to);
  const availability = useQuery({
    queryKey: [...keys.availability, serviceId, from, to, view === 'week' ? weekDentist : undefined],
    queryFn: () =>
      call(
        api.GET('/api/availability', {
          params: { query: { serviceId, from, to, ...(view === 'week' && weekDentist ? { dentistId: weekDentist } : {}) } },
        }),
      ).then((result) => result.slots),
    enabled: showSlots,
  });

  const entries = useMemo(() => (appointments.data ?? []).filter((entry) => entry.status !== 'cancelled'), [appointments.data]);
  const rooms = useMemo(
    () => [...new Set([...clinic.rooms, ...entries.flatMap((entry) => (entry.room ? [entry.room] : []))])],
    [clinic.rooms, entries],
  );
  const slots = useMemo(() => (showSlots ? (availability.data ?? []) : []), [showSlots, availability.data]);

  const columns = useMemo((): Column[] => {
    if (view === 'week') {
      const matches = (entry: CalendarEntry) =>
        resource === ALL || (resource.startsWith('d:') ? entry.dentistId === resource.slice(2) : entry.room === resource.slice(2));
      return spans.map((span) => ({
        key: span.day,
        title: formats.day(span.day, 'short'),
        span,
        entries: entries.filter((entry) => matches(entry) && spanOf(entry.startAt, [span])),
        slots: slots.filter((slot) => spanOf(slot.startAt, [span])),
        room: resource.startsWith('r:') ? resource.slice(2) : undefined,
      }));
    }
    if (grouping === 'room') {
      const span = spans[0]!;
      const byRoom: Column[] = rooms.map((room) => ({
        key: `r:${room}`,
        title: room,
        span,
        entries: entries.filter((e) => e.room === room),
        slots: [],
        room,
      }));
      return [...byRoom, { key: 'r:none', title: t('noRoom'), span, entries: entries.filter((e) => !e.room), slots: [] }];
    }
    return (providers.data ?? []).map((dentist) => ({
      key: `d:${dentist.id}`,
      title: `${dentist.firstName} ${dentist.lastName}`,
      span: spans[0]!,
      entries: entries.filter((e) => e.dentistId === dentist.id),
      slots: slots.filter((s) => s.dentistId === dentist.id),
    }));
    // t and formats are left out: they follow the language, and switching it remounts the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, grouping, resource, spans, entries, slots, rooms, providers.data]);

  // Once the calendar shows the change: focus on the appointment just booked, or on the heading when the
  // appointment that had focus was cancelled away.
  // The live update can arrive before the API's answer, so the change may be on screen already when the
  // request is made: each request is looked at once more (focusRequest). The focus moves on the next turn,
  // after a closing dialog has handed focus back to what opened it.
  const focusAfterRefresh = useRef<(() => HTMLElement | null) | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    const find = focusAfterRefresh.current;
    if (!find) return;
    const timer = setTimeout(() => {
      const target = find();
      if (!target || focusAfterRefresh.current !== find) return;
      focusAfterRefresh.current = null;
      target.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [entries, focusRequest]);
  const focusBooked = (id: string) => {
    focusAfterRefresh.current = () => document.querySelector<HTMLElement>(`[data-entry-id="${id}"]`);
    setFocusRequest((n) => n + 1);
  };
  const focusHeadingIfLost = () => {
    focusAfterRefresh.current = () => (document.activeElement === document.body ? document.querySelector<HTMLElement>('main h1') : null);
    setFocusRequest((n) => n + 1);
  };

  const hours = useMemo(() => visibleHours(entries, spans), [entries, spans]);
  const step = view === 'day' ? 1 : 7;
  const openBooking = useCallback(
    (slot: Slot, room: string | undefined) =>
      setDraft({
        dentistId: slot.dentistId,
        serviceId,
        startAt: slot.startAt,
        room: room ?? null,
        ...(preselected ? { patient: preselected } : {}),
      }),
    [serviceId, preselected],
  );
  const openAppointment = useCallback(
    (entry: CalendarEntry) => setOpened({ id: entry.id, patientName: entry.patientName, initial: entry }),
    [],
  );

  return (
    <Box>
      <PageHeader title={t('title')} />
      {preselected && (
        <Text data-testid="booking-for" fontWeight="medium">
          {t.rich('bookingFor', { name: () => <bdi>{preselected.name}</bdi> })}
        </Text>
      )}
      <Flex gap="3" wrap="wrap" align="end" mb="4" data-testid="calendar-toolbar">
        <ButtonGroup size="sm" attached variant="outline">
          <Button onClick={() => setView('day')} aria-pressed={view === 'day'} variant={view === 'day' ? 'solid' : 'outline'}>
            {t('day')}
          </Button>
          <Button onClick={() => setView('week')} aria-pressed={view === 'week'} variant={view === 'week' ? 'solid' : 'outline'}>
            {t('week')}
          </Button>
        </ButtonGroup>
        <ButtonGroup size="sm" variant="outline">
          <Button onClick={() => setDay(addDays(day, -step))} aria-label={t('previous')}>
            {t('previous')}
          </Button>
          <Button onClick={() => setDay(todayIn(zone))}>{t('today')}</Button>
          <Button onClick={() => setDay(addDays(day, step))} aria-label={t('next')}>
            {t('next')}
          </Button>
        </ButtonGroup>
        <Text fontWeight="semibold" data-testid="calendar-range">
          {view === 'day' ? formats.day(day) : `${formats.day(days[0]!, 'short')} – ${formats.day(days[6]!, 'short')}`}
        </Text>
        <Box flex="1" />
        {view === 'day' ? (
          <LabelledSelect
            label={t('columns')}
            name="grouping"
            value={grouping}
            onChange={(v) => setGrouping(v as Grouping)}
            options={[
              { value: 'dentist', label: t('byDentist') },
              { value: 'room', label: t('byRoom') },
            ]}
          />
        ) : (
          <LabelledSelect
            label={t('showFor')}
            name="resource"
            value={resource}
            onChange={setResource}
            options={[
              { value: ALL, label: t('everyone') },
              ...(providers.data ?? []).map((d) => ({ value: `d:${d.id}`, label: `${d.firstName} ${d.lastName}` })),
              ...rooms.map((room) => ({ value: `r:${room}`, label: room })),
            ]}
          />
        )}
        {isFrontDesk(user.role) && (
          <LabelledSelect
            label={t('freeSlotsFor')}
            name="serviceId"
            value={serviceId}
            onChange={setServiceId}
            options={[
              { value: '', label: t('noService') },
              ...(services.data ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: formats.serviceName(s) })),
            ]}
          />
        )}
      </Flex>
      {serviceId && !showSlots && (
        <Text fontSize="sm" color="fg.muted" mb="2">
          {t('pickDentistForSlots')}
        </Text>
      )}
      {(appointments.error ?? availability.error) && <FormError message={errorMessage(appointments.error ?? availability.error)} />}
      {!appointments.data || !providers.data ? (
        <Loading />
      ) : columns.length === 0 ? (
        <Empty>{t('noDentists')}</Empty>
      ) : (
        <CalendarGrid
          columns={columns}
          hours={hours}
          slotMinutes={clinic.slotMinutes}
          busy={availability.isFetching}
          showDentist={view === 'week' || grouping === 'room'}
          onSlot={openBooking}
          onEntry={openAppointment}
        />
      )}
      {draft && (
        <BookingDialog
          key={`${draft.dentistId}-${draft.startAt}`}
          draft={draft}
          onClose={() => setDraft(null)}
          onBooked={focusBooked}
          onShowAppointment={(id) => setOpened({ id })}
        />
      )}
      {opened && (
        <AppointmentDialog
          key={opened.id}
          id={opened.id}
          patientName={opened.patientName}
          initial={opened.initial}
          onClose={() => setOpened(null)}
          onCancelled={focusHeadingIfLost}
        />
      )}
    </Box>
  );
}

interface GridProps {
  columns: Column[];
  hours: { first: number; last: number };
  slotMinutes: number;
  busy: boolean;
  showDentist: boolean;
  onSlot: (slot: Slot, room: string | undefined) => void;
  onEntry: (entry: CalendarEntry) => void;
}

/** The grid re-renders only when its data changes (not when a dialog opens or closes above it). */
const CalendarGrid = memo(function CalendarGrid({ columns, hours, slotMinutes, busy, showDentist, onSlot, onEntry }: GridProps) {
  const t = useTranslations('calendar');
  const tStatus = useTranslations('status');
  const formats = useFormats();
  const services = useServices();
  const providers = useProviders();
  const serviceOf = useMemo(() => new Map(services.data?.map((service) => [service.id, service])), [services.data]);
  const dentistOf = useMemo(() => new Map(providers.data?.map((dentist) => [dentist.id, dentist])), [providers.data]);
  const px = (minutes: number) => `${minutes * PX_PER_MINUTE}px`;
  const origin = hours.first * 60;
  return (
    <Box overflowX="auto" borderWidth="1px" borderRadius="md" data-testid="calendar-grid" aria-busy={busy}>
      <Flex minW={`${Math.max(columns.length * 130 + 60, 600)}px`}>
        <TimeGutter first={hours.first} last={hours.last} />
        {columns.map((column) => (
          <Box key={column.key} flex="1" minW="120px" borderStartWidth="1px" data-testid="calendar-column" data-column={column.title}>
            <Box
              h="10"
              px="2"
              py="2"
              borderBottomWidth="1px"
              bg="gray.50"
              fontSize="sm"
              fontWeight="semibold"
              truncate
              title={column.title}
            >
              {column.title}
            </Box>
            <div className={styles.column} style={{ height: px((hours.last - hours.first) * 60), ['--hour-height' as string]: px(60) }}>
              {column.slots.map((slot) => {
                const dentist = dentistOf.get(slot.dentistId);
                const time = formats.time(slot.startAt);
                return (
                  <button
                    key={`${slot.dentistId}-${slot.startAt}`}
                    type="button"
                    className={styles.slot}
                    style={{ top: px(minutesInto(slot.startAt, column.span) - origin), height: px(slotMinutes - 2) }}
                    aria-label={t('bookSlot', { time, dentist: dentist ? `${dentist.firstName} ${dentist.lastName}` : '' })}
                    data-testid="free-slot"
                    data-start={slot.startAt}
                    onClick={() => onSlot(slot, column.room)}
                  >
                    {time}
                  </button>
                );
              })}
              {placeEntries(column.entries, column.span).map(({ entry, top, height, lane, lanes }) => (
                <button
                  key={entry.id}
                  type="button"
                  className={styles.entry}
                  style={{
                    top: px(top - origin),
                    height: px(height - 1),
                    insetInlineStart: `calc(${(lane / lanes) * 100}% + 2px)`,
                    width: `calc(${100 / lanes}% - 4px)`,
                    ['--entry-color' as string]: `var(--chakra-colors-${STATUS_COLOR[entry.status]}-500)`,
                    ['--entry-background' as string]: `var(--chakra-colors-${STATUS_COLOR[entry.status]}-50)`,
                  }}
                  data-testid="calendar-entry"
                  data-entry-id={entry.id}
                  data-status={entry.status}
                  onClick={() => onEntry(entry)}
                >
                  <strong>
                    {formats.time(entry.startAt)} <bdi>{entry.patientName}</bdi>
                  </strong>
                  <span>
                    {formats.serviceName(serviceOf.get(entry.serviceId))}
                    {showDentist && (
                      <>
                        {' · '}
                        <bdi>{dentistOf.get(entry.dentistId)?.lastName ?? ''}</bdi>
                      </>
                    )}
                    {` · ${tStatus(entry.status)}`}
                  </span>
                </button>
              ))}
            </div>
          </Box>
        ))}
      </Flex>
    </Box>
  );
});

function TimeGutter({ first, last }: { first: number; last: number }) {
  const formats = useFormats();
  const { clinic } = useSession();
  const today = todayIn(clinic.timezone);
  const labels = Array.from({ length: last - first }, (_, i) => first + i);
  return (
    <Box w="60px" flexShrink={0} fontSize="xs" color="fg.muted">
      <Box h="10" borderBottomWidth="1px" />
      <Box position="relative" h={`${(last - first) * 60 * PX_PER_MINUTE}px`}>
        {labels.map((hour) => (
          <Text
            key={hour}
            position="absolute"
            top={`${(hour - first) * 60 * PX_PER_MINUTE}px`}
            insetInlineEnd="1.5"
            whiteSpace="nowrap"
            dir="ltr"
          >
            {formats.time(dayStartInstant(today, clinic.timezone).plus({ hours: hour }).toUTC().toISO()!)}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

function LabelledSelect({
  label,
  name,
  value,
  onChange,
  options,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <Box>
      <chakra.label fontSize="xs" color="fg.muted" display="block" htmlFor={`calendar-${name}`}>
        {label}
      </chakra.label>
      <NativeSelect.Root size="sm" minW="44">
        <NativeSelect.Field id={`calendar-${name}`} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </NativeSelect.Field>
        <NativeSelect.Indicator />
      </NativeSelect.Root>
    </Box>
  );
}
