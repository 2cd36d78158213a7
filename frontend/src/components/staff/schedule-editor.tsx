'use client';

import { Box, Button, Card, Flex, Input, NativeSelect, Stack, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Schedule, ScheduleInput } from '@/api/types';
import { FormError, useApiForm, useErrorMessage } from '@/components/form';
import { Loading, PageHeader } from '@/components/page';
import { keys, useStaff } from '@/lib/queries';

type Interval = ScheduleInput['weekly'][number];
type Exception = NonNullable<ScheduleInput['exceptions']>[number];
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const KINDS = ['vacation', 'sick', 'unavailable', 'extra_hours'] as const;

export function ScheduleEditor({ userId }: { userId: string }) {
  const t = useTranslations('schedule');
  const errorMessage = useErrorMessage();
  const staff = useStaff();
  const schedule = useQuery({
    queryKey: keys.schedule(userId),
    queryFn: () => call(api.GET('/api/staff/{userId}/schedule', { params: { path: { userId } } })),
  });
  const member = staff.data?.find((user) => user.id === userId);
  if (schedule.error) return <FormError message={errorMessage(schedule.error)} />;
  if (!schedule.data) return <Loading />;
  return (
    <Stack gap="4">
      <PageHeader title={t('title', { name: member ? `${member.firstName} ${member.lastName}` : '' })} />
      <Text color="fg.muted">{t('zoneHint', { zone: schedule.data.timezone })}</Text>
      <ScheduleForm userId={userId} initial={schedule.data} />
    </Stack>
  );
}

function ScheduleForm({ userId, initial }: { userId: string; initial: Schedule }) {
  const t = useTranslations('schedule');
  const tc = useTranslations('common');
  const queryClient = useQueryClient();
  const [weekly, setWeekly] = useState<Interval[]>(initial.weekly);
  const [breaks, setBreaks] = useState<Interval[]>(initial.breaks);
  const [exceptions, setExceptions] = useState<Exception[]>(initial.exceptions);
  const [saved, setSaved] = useState(false);
  const form = useApiForm(
    () =>
      call(
        api.PUT('/api/staff/{userId}/schedule', {
          params: { path: { userId } },
          body: { weekly, breaks, exceptions: exceptions.map(cleanException) },
        }),
      ),
    {
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: keys.schedule(userId) });
        void queryClient.invalidateQueries({ queryKey: keys.availability });
      },
    },
  );
  const errors = form.fieldErrors;
  const changed = () => setSaved(false);

  return (
    <form onSubmit={form.onSubmit} noValidate data-testid="schedule-form">
      <Stack gap="5">
        <IntervalsByDay
          title={t('weekly')}
          name="weekly"
          intervals={weekly}
          errors={errors}
          onChange={(next) => {
            setWeekly(next);
            changed();
          }}
        />
        <IntervalsByDay
          title={t('breaks')}
          name="breaks"
          intervals={breaks}
          errors={errors}
          onChange={(next) => {
            setBreaks(next);
            changed();
          }}
        />
        <Card.Root>
          <Card.Header>
            <Card.Title as="h2">{t('exceptions')}</Card.Title>
          </Card.Header>
          <Card.Body>
            <Stack gap="3">
              {exceptions.length === 0 && <Text color="fg.muted">{t('noExceptions')}</Text>}
              {exceptions.map((exception, index) => (
                <ExceptionRow
                  key={index}
                  index={index}
                  exception={exception}
                  errors={errors}
                  onChange={(next) => {
                    setExceptions(exceptions.map((e, i) => (i === index ? next : e)));
                    changed();
                  }}
                  onRemove={() => {
                    setExceptions(exceptions.filter((_, i) => i !== index));
                    changed();
                  }}
                />
              ))}
              <Button
                size="sm"
                variant="outline"
                alignSelf="flex-start"
                onClick={() => setExceptions([...exceptions, { from: '', to: '', kind: 'vacation' }])}
                data-testid="add-exception"
              >
                {t('addException')}
              </Button>
            </Stack>
          </Card.Body>
        </Card.Root>
        <FormError message={form.formError} />
        {saved && (
          <Text color="fg.success" role="status">
            {t('saved')}
          </Text>
        )}
        <Button type="submit" colorPalette="teal" alignSelf="flex-start" loading={form.submitting} data-testid="save-schedule">
          {tc('save')}
        </Button>
      </Stack>
    </form>
  );
}

function cleanException(exception: Exception): Exception {
  const extra = exception.kind === 'extra_hours';
  return {
    from: exception.from,
    to: exception.to || exception.from,
    kind: exception.kind,
    start: extra ? exception.start || null : null,
    end: extra ? exception.end || null : null,
    note: exception.note?.trim() || null,
  };
}

/** Intervals kept in one flat list (so the API's error paths, e.g. "weekly.3.end", point at a row), shown per weekday. */
function IntervalsByDay({
  title,
  name,
  intervals,
  errors,
  onChange,
}: {
  title: string;
  name: 'weekly' | 'breaks';
  intervals: Interval[];
  errors: Record<string, string>;
  onChange: (next: Interval[]) => void;
}) {
  const t = useTranslations('schedule');
  const tDays = useTranslations('weekdays');
  const update = (index: number, patch: Partial<Interval>) =>
    onChange(intervals.map((interval, i) => (i === index ? { ...interval, ...patch } : interval)));
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title as="h2">{title}</Card.Title>
      </Card.Header>
      <Card.Body>
        <Stack gap="2">
          {WEEKDAYS.map((weekday) => {
            const rows = intervals.map((interval, index) => ({ interval, index })).filter((row) => row.interval.weekday === weekday);
            return (
              <Flex key={weekday} gap="3" align="start" wrap="wrap" borderBottomWidth="1px" pb="2" data-testid={`${name}-day-${weekday}`}>
                <Text w="28" pt="2" fontWeight="medium">
                  {tDays(String(weekday) as '0')}
                </Text>
                <Stack gap="2" flex="1">
                  {rows.length === 0 && (
                    <Text pt="2" color="fg.muted" fontSize="sm">
                      {name === 'weekly' ? t('dayOff') : t('noBreaks')}
                    </Text>
                  )}
                  {rows.map(({ interval, index }) => {
                    const error = errors[`${name}.${index}.start`] ?? errors[`${name}.${index}.end`] ?? errors[`${name}.${index}`];
                    return (
                      <Box key={index}>
                        <Flex gap="2" align="center">
                          <Input
                            type="time"
                            size="sm"
                            w="32"
                            aria-label={t('from')}
                            value={interval.start}
                            onChange={(event) => update(index, { start: event.target.value })}
                            aria-invalid={Boolean(error)}
                          />
                          <Text>–</Text>
                          <Input
                            type="time"
                            size="sm"
                            w="32"
                            aria-label={t('to')}
                            value={interval.end}
                            onChange={(event) => update(index, { end: event.target.value })}
                            aria-invalid={Boolean(error)}
                          />
                          <Button size="xs" variant="ghost" onClick={() => onChange(intervals.filter((_, i) => i !== index))}>
                            {t('remove')}
                          </Button>
                        </Flex>
                        {error && (
                          <Text color="fg.error" fontSize="sm" role="alert">
                            {error}
                          </Text>
                        )}
                      </Box>
                    );
                  })}
                </Stack>
                <Button
                  size="xs"
                  variant="outline"
                  mt="1"
                  onClick={() =>
                    onChange([
                      ...intervals,
                      { weekday, start: name === 'weekly' ? '09:00' : '13:00', end: name === 'weekly' ? '17:00' : '13:30' },
                    ])
                  }
                  aria-label={t('addFor', { day: tDays(String(weekday) as '0') })}
                >
                  {t('add')}
                </Button>
              </Flex>
            );
          })}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

function ExceptionRow({
  index,
  exception,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  exception: Exception;
  errors: Record<string, string>;
  onChange: (next: Exception) => void;
  onRemove: () => void;
}) {
  const t = useTranslations('schedule');
  const tKinds = useTranslations('exceptionKinds');
  const error =
    ['from', 'to', 'kind', 'start', 'end', 'note'].map((field) => errors[`exceptions.${index}.${field}`]).find(Boolean) ??
    errors[`exceptions.${index}`];
  return (
    <Box borderWidth="1px" borderRadius="md" p="2" data-testid="exception-row">
      <Flex gap="2" align="end" wrap="wrap">
        <Labelled label={t('fromDate')}>
          <Input type="date" size="sm" value={exception.from} onChange={(e) => onChange({ ...exception, from: e.target.value })} />
        </Labelled>
        <Labelled label={t('toDate')}>
          <Input type="date" size="sm" value={exception.to} onChange={(e) => onChange({ ...exception, to: e.target.value })} />
        </Labelled>
        <Labelled label={t('kind')}>
          <NativeSelect.Root size="sm" w="40">
            <NativeSelect.Field
              value={exception.kind}
              onChange={(e) => onChange({ ...exception, kind: e.target.value as Exception['kind'] })}
            >
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {tKinds(kind)}
                </option>
              ))}
            </NativeSelect.Field>
            <NativeSelect.Indicator />
          </NativeSelect.Root>
        </Labelled>
        {exception.kind === 'extra_hours' && (
          <>
            <Labelled label={t('from')}>
              <Input
                type="time"
                size="sm"
                value={exception.start ?? ''}
                onChange={(e) => onChange({ ...exception, start: e.target.value })}
              />
            </Labelled>
            <Labelled label={t('to')}>
              <Input type="time" size="sm" value={exception.end ?? ''} onChange={(e) => onChange({ ...exception, end: e.target.value })} />
            </Labelled>
          </>
        )}
        <Labelled label={t('note')}>
          <Input size="sm" value={exception.note ?? ''} onChange={(e) => onChange({ ...exception, note: e.target.value })} />
        </Labelled>
        <Button size="xs" variant="ghost" onClick={onRemove}>
          {t('remove')}
        </Button>
      </Flex>
      {error && (
        <Text color="fg.error" fontSize="sm" role="alert">
          {error}
        </Text>
      )}
    </Box>
  );
}

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box as="label" display="block">
      <Text fontSize="xs" color="fg.muted">
        {label}
      </Text>
      {children}
    </Box>
  );
}
