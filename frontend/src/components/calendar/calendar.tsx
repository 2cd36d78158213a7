'use client';

import { Box, Button, ButtonGroup, chakra, Flex, NativeSelect, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { CalendarEntry, Slot } from '@/api/types';
import { FormError, useErrorMessage } from '@/components/form';
import { Empty, Loading, PageHeader } from '@/components/page';
import { STATUS_COLOR } from '@/components/status-badge';
import { useFormats } from '@/lib/format';
import { keys, useProviders, useServices } from '@/lib/queries';
import { isFrontDesk } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { addDays, dayStartInstant, localDayOf, minutesIntoDay, todayIn, weekStart } from '@/lib/time';
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
  day: string;
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
  const [view, setView] = useState<View>('day');
  const [day, setDay] = useState(() => todayIn(zone));
  const [grouping, setGrouping] = useState<Grouping>('dentist');
  const [resource, setResource] = useState(ALL); // week view: ALL, "d:<dentistId>" or "r:<room>"
  const [serviceId, setServiceId] = useState('');
  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const [opened, setOpened] = useState<{ id: string; patientName?: string } | null>(null);

  const days = useMemo(() => (view === 'day' ? [day] : Array.from({ length: 7 }, (_, i) => addDays(weekStart(day), i))), [view, day]);
  const from = dayStartInstant(days[0]!, zone).toUTC().toISO()!;
  const to = dayStartInstant(addDays(days.at(-1)!, 1), zone).toUTC().toISO()!;
  const weekDentist = resource.startsWith('d:') ? resource.slice(2) : undefined;
  const showSlots = Boolean(serviceId) && isFrontDesk(user.role) && (view === 'day' ? grouping === 'dentist' : Boolean(weekDentist));

  const appointments = useQuery({
    queryKey: [...keys.appointments, from, to],
    queryFn: () => call(api.GET('/api/appointments', { params: { query: { from, to, limit: 2000 } } })).then((page) => page.items),
  });
  const availability = useQuery({
    queryKey: ['availability', serviceId, from, to, view === 'week' ? weekDentist : undefined],
    queryFn: () =>
      call(api.GET('/api/availability', { params: { query: { serviceId, from, to, ...(view === 'week' && weekDentist ? { dentistId: weekDentist } : {}) } } })).then((result) => result.slots),
    enabled: showSlots,
  });

  const entries = useMemo(() => (appointments.data ?? []).filter((entry) => entry.status !== 'cancelled'), [appointments.data]);
  const rooms = useMemo(() => [...new Set([...clinic.rooms, ...entries.flatMap((entry) => (entry.room ? [entry.room] : []))])], [clinic.rooms, entries]);
  const slots = showSlots ? (availability.data ?? []) : [];

  const columns = ((): Column[] => {
    if (view === 'week') {
      const matches = (entry: CalendarEntry) =>
        resource === ALL || (resource.startsWith('d:') ? entry.dentistId === resource.slice(2) : entry.room === resource.slice(2));
      return days.map((d) => ({
        key: d,
        title: formats.day(d, 'short'),
        day: d,
        entries: entries.filter((entry) => matches(entry) && localDayOf(entry.startAt, zone) === d),
        slots: slots.filter((slot) => localDayOf(slot.startAt, zone) === d),
        room: resource.startsWith('r:') ? resource.slice(2) : undefined,
      }));
    }
    if (grouping === 'room') {
      const byRoom: Column[] = rooms.map((room) => ({ key: `r:${room}`, title: room, day, entries: entries.filter((e) => e.room === room), slots: [], room }));
      return [...byRoom, { key: 'r:none', title: t('noRoom'), day, entries: entries.filter((e) => !e.room), slots: [] }];
    }
    return (providers.data ?? []).map((dentist) => ({
      key: `d:${dentist.id}`,
      title: `${dentist.firstName} ${dentist.lastName}`,
      day,
      entries: entries.filter((e) => e.dentistId === dentist.id),
      slots: slots.filter((s) => s.dentistId === dentist.id),
    }));
  })();

  const hours = visibleHours(entries, days, zone);
  const serviceOf = new Map(services.data?.map((service) => [service.id, service]));
  const dentistOf = new Map(providers.data?.map((dentist) => [dentist.id, dentist]));
  const step = view === 'day' ? 1 : 7;

  return (
    <Box>
      <PageHeader title={t('title')} />
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
          <LabelledSelect label={t('columns')} name="grouping" value={grouping} onChange={(v) => setGrouping(v as Grouping)}
            options={[{ value: 'dentist', label: t('byDentist') }, { value: 'room', label: t('byRoom') }]} />
        ) : (
          <LabelledSelect label={t('showFor')} name="resource" value={resource} onChange={setResource}
            options={[
              { value: ALL, label: t('everyone') },
              ...(providers.data ?? []).map((d) => ({ value: `d:${d.id}`, label: `${d.firstName} ${d.lastName}` })),
              ...rooms.map((room) => ({ value: `r:${room}`, label: room })),
            ]} />
        )}
        {isFrontDesk(user.role) && (
          <LabelledSelect label={t('freeSlotsFor')} name="serviceId" value={serviceId} onChange={setServiceId}
            options={[{ value: '', label: t('noService') }, ...(services.data ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: formats.serviceName(s) }))]} />
        )}
      </Flex>
      {serviceId && !showSlots && <Text fontSize="sm" color="fg.muted" mb="2">{t('pickDentistForSlots')}</Text>}
      {(appointments.error ?? availability.error) && <FormError message={errorMessage(appointments.error ?? availability.error)} />}
      {!appointments.data || !providers.data ? (
        <Loading />
      ) : columns.length === 0 ? (
        <Empty>{t('noDentists')}</Empty>
      ) : (
        <Box overflowX="auto" borderWidth="1px" borderRadius="md" data-testid="calendar-grid" aria-busy={availability.isFetching}>
          <Flex minW={`${Math.max(columns.length * 130 + 60, 600)}px`}>
            <TimeGutter first={hours.first} last={hours.last} />
            {columns.map((column) => (
              <Box key={column.key} flex="1" minW="120px" borderStartWidth="1px" data-testid="calendar-column" data-column={column.title}>
                <Box h="10" px="2" py="2" borderBottomWidth="1px" bg="gray.50" fontSize="sm" fontWeight="semibold" truncate title={column.title}>
                  {column.title}
                </Box>
                <Box
                  position="relative"
                  h={`${(hours.last - hours.first) * 60 * PX_PER_MINUTE}px`}
                  backgroundImage={`repeating-linear-gradient(to bottom, var(--chakra-colors-gray-200) 0 1px, transparent 1px ${60 * PX_PER_MINUTE}px)`}
                >
                  {column.slots.map((slot) => {
                    const top = (minutesIntoDay(slot.startAt, column.day, zone) - hours.first * 60) * PX_PER_MINUTE;
                    const dentist = dentistOf.get(slot.dentistId);
                    return (
                      <Button
                        key={`${slot.dentistId}-${slot.startAt}`}
                        position="absolute" top={`${top}px`} insetInlineStart="1" insetInlineEnd="1"
                        h={`${clinic.slotMinutes * PX_PER_MINUTE - 2}px`} minH="0" size="2xs" fontSize="2xs"
                        variant="outline" colorPalette="green" borderStyle="dashed"
                        aria-label={t('bookSlot', { time: formats.time(slot.startAt), dentist: dentist ? `${dentist.firstName} ${dentist.lastName}` : '' })}
                        data-testid="free-slot" data-start={slot.startAt}
                        onClick={() => setDraft({ dentistId: slot.dentistId, serviceId, startAt: slot.startAt, room: column.room ?? null })}
                      >
                        {formats.time(slot.startAt)}
                      </Button>
                    );
                  })}
                  {placeEntries(column.entries, column.day, zone).map(({ entry, top, height, lane, lanes }) => (
                    <Box
                      as="button"
                      key={entry.id}
                      position="absolute"
                      top={`${(top - hours.first * 60) * PX_PER_MINUTE}px`}
                      h={`${height * PX_PER_MINUTE - 1}px`}
                      insetInlineStart={`calc(${(lane / lanes) * 100}% + 2px)`}
                      w={`calc(${100 / lanes}% - 4px)`}
                      overflow="hidden"
                      textAlign="start"
                      fontSize="xs"
                      px="1"
                      borderRadius="sm"
                      borderInlineStartWidth="3px"
                      borderColor={`${STATUS_COLOR[entry.status]}.500`}
                      bg={`${STATUS_COLOR[entry.status]}.50`}
                      opacity={entry.status === 'no_show' ? 0.6 : 1}
                      zIndex="1"
                      _focusVisible={{ outline: '2px solid', outlineColor: 'teal.500' }}
                      data-testid="calendar-entry"
                      data-status={entry.status}
                      onClick={() => setOpened({ id: entry.id, patientName: entry.patientName })}
                    >
                      <Text fontWeight="semibold" truncate>
                        {formats.time(entry.startAt)} {entry.patientName}
                      </Text>
                      <Text truncate color="fg.muted">
                        {formats.serviceName(serviceOf.get(entry.serviceId))}
                        {view === 'week' || grouping === 'room' ? ` · ${dentistOf.get(entry.dentistId)?.lastName ?? ''}` : ''}
                      </Text>
                    </Box>
                  ))}
                </Box>
              </Box>
            ))}
          </Flex>
        </Box>
      )}
      {draft && <BookingDialog key={`${draft.dentistId}-${draft.startAt}`} draft={draft} onClose={() => setDraft(null)} onShowAppointment={(id) => setOpened({ id })} />}
      {opened && <AppointmentDialog key={opened.id} id={opened.id} patientName={opened.patientName} onClose={() => setOpened(null)} />}
    </Box>
  );
}

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
          <Text key={hour} position="absolute" top={`${(hour - first) * 60 * PX_PER_MINUTE}px`} insetInlineEnd="2" dir="ltr">
            {formats.time(dayStartInstant(today, clinic.timezone).plus({ hours: hour }).toUTC().toISO()!)}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

function LabelledSelect({ label, name, value, onChange, options }: {
  label: string; name: string; value: string; onChange: (value: string) => void; options: { value: string; label: string }[];
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
