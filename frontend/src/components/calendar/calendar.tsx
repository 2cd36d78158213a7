'use client';

import { Alert, Box, Button, ButtonGroup, chakra, CloseButton, Flex, NativeSelect, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { CalendarEntry, Slot } from '@/api/types';
import { CheckboxField, FormError, useErrorMessage } from '@/components/form';
import { Empty, Loading, PageHeader } from '@/components/page';
import { STATUS_COLOR } from '@/components/status-badge';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys, useAppointmentRange, useProviders, useServices } from '@/lib/queries';
import { isFrontDesk } from '@dental/shared';
import { useSession } from '@/lib/session';
import { addDays, daySpans, spanOf, todayIn, weekStart } from '@/lib/time';
import { useIsPhone } from '@/lib/use-phone';
import { AppointmentDialog } from './appointment-dialog';
import { BookingDialog, type BookingDraft } from './booking-dialog';
import { CalendarGrid, entryPalette, type Column, type Move } from './calendar-grid';
import { visibleHours, type Interval } from './layout';

const ALL = 'all';
const NO_SLOTS: Slot[] = [];
const STATUSES = Object.keys(STATUS_COLOR) as (keyof typeof STATUS_COLOR)[];

type View = 'day' | 'week';
type Grouping = 'dentist' | 'room';

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

  // Cancelled visits are hidden unless asked for; no-shows are shown (greyed) unless hidden.
  const [showCancelled, setShowCancelled] = useState(false);
  const [showNoShows, setShowNoShows] = useState(true);
  const entries = useMemo(
    () =>
      (appointments.data ?? []).filter(
        (entry) => (entry.status !== 'cancelled' || showCancelled) && (entry.status !== 'no_show' || showNoShows),
      ),
    [appointments.data, showCancelled, showNoShows],
  );
  // Working time per dentist, to grey the rest: one request for the range (breaks and absences already out).
  const dentistColumns = view === 'day' ? grouping === 'dentist' : Boolean(weekDentist);
  const workingHours = useQuery({
    queryKey: ['working-hours', from, to, view === 'week' ? weekDentist : undefined],
    queryFn: () =>
      call(
        api.GET('/api/availability/working-hours', {
          params: { query: { from, to, ...(view === 'week' && weekDentist ? { dentistId: weekDentist } : {}) } },
        }),
      ),
    enabled: dentistColumns,
  });
  const workingOf = useMemo(
    () =>
      new Map<string, Interval[]>(
        (workingHours.data?.items ?? []).map((item) => [
          item.dentistId,
          item.intervals.map((i) => ({ start: Date.parse(i.startAt), end: Date.parse(i.endAt) })),
        ]),
      ),
    [workingHours.data],
  );
  const rooms = useMemo(
    () => [...new Set([...clinic.rooms, ...entries.flatMap((entry) => (entry.room ? [entry.room] : []))])],
    [clinic.rooms, entries],
  );
  const slots = showSlots ? (availability.data ?? NO_SLOTS) : NO_SLOTS;

  const isPhone = useIsPhone();
  const columns = useMemo((): Column[] => {
    if (view === 'week') {
      const matches = (entry: CalendarEntry) =>
        resource === ALL || (resource.startsWith('d:') ? entry.dentistId === resource.slice(2) : entry.room === resource.slice(2));
      return spans.map((span) => ({
        key: span.day,
        title: formats.day(span.day, isPhone ? 'narrow' : 'short'),
        span,
        entries: entries.filter((entry) => matches(entry) && spanOf(entry.startAt, [span])),
        slots: slots.filter((slot) => spanOf(slot.startAt, [span])),
        kind: 'day' as const,
        dentistId: weekDentist,
        room: resource.startsWith('r:') ? resource.slice(2) : undefined,
        working: weekDentist && workingHours.data ? (workingOf.get(weekDentist) ?? []) : undefined,
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
        kind: 'room' as const,
        room,
      }));
      return [
        ...byRoom,
        { key: 'r:none', title: t('noRoom'), span, entries: entries.filter((e) => !e.room), slots: [], kind: 'room' as const, room: null },
      ];
    }
    return (providers.data ?? []).map((dentist) => ({
      key: `d:${dentist.id}`,
      title: `${dentist.firstName} ${dentist.lastName}`,
      span: spans[0]!,
      entries: entries.filter((e) => e.dentistId === dentist.id),
      slots: slots.filter((s) => s.dentistId === dentist.id),
      kind: 'dentist' as const,
      dentistId: dentist.id,
      working: workingHours.data ? (workingOf.get(dentist.id) ?? []) : undefined,
    }));
    // t and formats are left out: they follow the language, and switching it remounts the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, grouping, resource, spans, entries, slots, rooms, providers.data, workingOf, workingHours.data, isPhone]);

  // A phone shows one column of the day at a time, picked with a switcher (no sideways scrolling).
  const [phoneColumn, setPhoneColumn] = useState('');
  const oneColumn = isPhone && view === 'day';
  const shownColumns = useMemo(
    () =>
      oneColumn
        ? columns
            .filter((c) => c.key === phoneColumn)
            .concat(columns)
            .slice(0, 1)
        : columns,
    [oneColumn, columns, phoneColumn],
  );
  const [filtersOpen, setFiltersOpen] = useState(false);

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
  /** A click (or Enter) on an empty time: the booking dialog with that column's dentist (or chair) and start. */
  const bookAt = useCallback(
    (column: Column, startAt: string) =>
      setDraft({
        dentistId: column.dentistId ?? '',
        serviceId,
        startAt,
        room: column.kind === 'room' ? (column.room ?? null) : null,
        ...(preselected ? { patient: preselected } : {}),
      }),
    [serviceId, preselected],
  );
  /** "New appointment": a blank booking; the receptionist picks dentist, service and time. */
  const bookBlank = () =>
    setDraft({
      dentistId: providers.data?.length === 1 ? providers.data[0]!.id : '',
      serviceId,
      startAt: '',
      room: null,
      ...(preselected ? { patient: preselected } : {}),
    });

  // A drag's move or resize: shown at once where it goes, then the API decides (the version guards against
  // a change made meanwhile); a refusal puts it back where it was and says why.
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState<Move | null>(null);
  const [moveProblem, setMoveProblem] = useState<string | null>(null);
  const moveEntry = useCallback(
    (entry: CalendarEntry, move: Move) => {
      setMoveProblem(null);
      setMoving(move);
      void call(
        api.PATCH('/api/appointments/{id}', {
          params: { path: { id: entry.id } },
          body: {
            version: entry.version,
            startAt: move.startAt,
            endAt: move.endAt,
            ...(move.dentistId && move.dentistId !== entry.dentistId ? { dentistId: move.dentistId } : {}),
            ...(move.room !== undefined && move.room !== entry.room ? { room: move.room } : {}),
          },
        }),
      )
        .then((updated) => {
          const { startAt, endAt, dentistId, room, version, status } = updated;
          queryClient.setQueriesData<CalendarEntry[]>({ queryKey: [...keys.appointments, 'range'] }, (list) =>
            list?.map((e) => (e.id === updated.id ? { ...e, startAt, endAt, dentistId, room, version, status } : e)),
          );
          queryClient.setQueryData(keys.appointment(updated.id), updated);
        })
        .catch((error: unknown) => setMoveProblem(t('moveRefused', { reason: errorMessage(error) })))
        .finally(() => {
          setMoving(null);
          void queryClient.invalidateQueries({ queryKey: keys.appointments });
          void queryClient.invalidateQueries({ queryKey: keys.availability });
          void queryClient.invalidateQueries({ queryKey: ['notifications'] });
        });
    },
    // errorMessage and t follow the language, which remounts the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient],
  );

  const printLink = (
    <Button asChild size="sm" variant="outline">
      <Link href={`/calendar/print?day=${day}`} data-testid="print-day">
        {t('printDay')}
      </Link>
    </Button>
  );
  const viewButtons = (
    <ButtonGroup size="sm" attached variant="outline">
      <Button onClick={() => setView('day')} aria-pressed={view === 'day'} variant={view === 'day' ? 'solid' : 'outline'}>
        {t('day')}
      </Button>
      <Button onClick={() => setView('week')} aria-pressed={view === 'week'} variant={view === 'week' ? 'solid' : 'outline'}>
        {t('week')}
      </Button>
    </ButtonGroup>
  );
  const filters = (
    <>
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
    </>
  );
  const visibility = (
    <Flex gap="4" wrap="wrap" align="center" css={{ '& > *': { width: 'auto' } }}>
      <CheckboxField
        label={t('showCancelled')}
        name="showCancelled"
        checked={showCancelled}
        onChange={setShowCancelled}
        testId="show-cancelled"
      />
      <CheckboxField label={t('showNoShows')} name="showNoShows" checked={showNoShows} onChange={setShowNoShows} testId="show-no-shows" />
    </Flex>
  );

  return (
    <Box>
      <PageHeader
        title={t('title')}
        actions={
          isFrontDesk(user.role) ? (
            <>
              <Button size="sm" colorPalette="teal" onClick={bookBlank} data-testid="new-appointment">
                {t('newAppointment')}
              </Button>
              {!isPhone && printLink}
            </>
          ) : (
            !isPhone && printLink
          )
        }
      />
      {preselected && (
        <Text data-testid="booking-for" fontWeight="medium">
          {t.rich('bookingFor', { name: () => <bdi>{preselected.name}</bdi> })}
        </Text>
      )}
      {isPhone ? (
        // A phone: the day's navigation on one line, everything else behind "Options", so the calendar starts high.
        <Box mb="3" data-testid="calendar-toolbar">
          <Flex gap="2" align="center" wrap="wrap">
            <ButtonGroup size="xs" variant="outline">
              <Button onClick={() => setDay(addDays(day, -step))} aria-label={t('previous')}>
                {t('previous')}
              </Button>
              <Button onClick={() => setDay(todayIn(zone))}>{t('today')}</Button>
              <Button onClick={() => setDay(addDays(day, step))} aria-label={t('next')}>
                {t('next')}
              </Button>
            </ButtonGroup>
            <Box flex="1" />
            <Button
              size="xs"
              variant={filtersOpen ? 'solid' : 'outline'}
              aria-expanded={filtersOpen}
              aria-controls="calendar-options"
              onClick={() => setFiltersOpen((open) => !open)}
              data-testid="calendar-options-toggle"
            >
              {t('options')}
            </Button>
          </Flex>
          <Flex gap="2" align="center" mt="2">
            <Text fontWeight="semibold" fontSize="sm" data-testid="calendar-range" flex="1" truncate>
              {view === 'day' ? formats.day(day) : `${formats.day(days[0]!, 'short')} – ${formats.day(days[6]!, 'short')}`}
            </Text>
            {oneColumn && columns.length > 1 && (
              <NativeSelect.Root size="xs" width="auto" maxW="50%">
                <NativeSelect.Field
                  aria-label={grouping === 'room' ? t('chairShown') : t('dentistShown')}
                  name="phoneColumn"
                  value={shownColumns[0]?.key ?? ''}
                  onChange={(event) => setPhoneColumn(event.target.value)}
                  data-testid="column-switcher"
                >
                  {columns.map((column) => (
                    <option key={column.key} value={column.key}>
                      {column.title}
                    </option>
                  ))}
                </NativeSelect.Field>
                <NativeSelect.Indicator />
              </NativeSelect.Root>
            )}
          </Flex>
          {filtersOpen && (
            <Flex id="calendar-options" direction="column" gap="3" mt="3" p="3" borderWidth="1px" borderRadius="md">
              {viewButtons}
              <Flex gap="3" wrap="wrap">
                {filters}
              </Flex>
              {visibility}
              <StatusLegend />
              <Box>{printLink}</Box>
            </Flex>
          )}
        </Box>
      ) : (
        <>
          <Flex gap="3" wrap="wrap" align="end" mb="3" data-testid="calendar-toolbar">
            {viewButtons}
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
            {filters}
          </Flex>
          <Flex gap="4" wrap="wrap" align="center" justify="space-between" mb="3">
            {visibility}
            <StatusLegend />
          </Flex>
        </>
      )}
      {serviceId && !showSlots && (
        <Text fontSize="sm" color="fg.muted" mb="2">
          {t('pickDentistForSlots')}
        </Text>
      )}
      {(appointments.error ?? availability.error) && <FormError message={errorMessage(appointments.error ?? availability.error)} />}
      {moveProblem && (
        <Alert.Root status="warning" role="alert" mb="3" data-testid="move-refused">
          <Alert.Indicator />
          <Alert.Content>
            <Alert.Title>{moveProblem}</Alert.Title>
          </Alert.Content>
          <CloseButton size="sm" aria-label={t('dismiss')} onClick={() => setMoveProblem(null)} />
        </Alert.Root>
      )}
      {!appointments.data || !providers.data ? (
        <Loading />
      ) : columns.length === 0 ? (
        <Empty>{t('noDentists')}</Empty>
      ) : (
        <CalendarGrid
          columns={shownColumns}
          hours={hours}
          slotMinutes={clinic.slotMinutes}
          busy={availability.isFetching || moving !== null}
          showDentist={view === 'week' || grouping === 'room'}
          editable={isFrontDesk(user.role)}
          compact={isPhone}
          moving={moving}
          onSlot={openBooking}
          onEntry={openAppointment}
          onBookAt={bookAt}
          onMove={moveEntry}
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

/** The colours of the calendar's blocks, named. */
function StatusLegend() {
  const t = useTranslations('calendar');
  const tStatus = useTranslations('status');
  return (
    <Flex as="ul" aria-label={t('legend')} gap="3" wrap="wrap" fontSize="xs" listStyleType="none" data-testid="status-legend">
      {STATUSES.map((status) => {
        const palette = entryPalette(status);
        return (
          <Flex as="li" key={status} align="center" gap="1" data-status={status}>
            <Box
              w="4"
              h="3.5"
              borderRadius="xs"
              bg={`${palette}.${palette === 'gray' ? 100 : 50}`}
              borderInlineStartWidth="3px"
              borderInlineStartStyle={status === 'no_show' ? 'dashed' : 'solid'}
              borderColor={`${palette}.500`}
            />
            <Text as={status === 'cancelled' ? 's' : 'span'}>{tStatus(status)}</Text>
          </Flex>
        );
      })}
    </Flex>
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
