'use client';

import { Box, Button, Code, SimpleGrid, Stack, Table, Text } from '@chakra-ui/react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { isManager } from '@dental/shared';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, SelectField, TextField, useErrorMessage } from '@/components/form';
import { Empty, Loading, PageHeader, RoleGate } from '@/components/page';
import { useFormats } from '@/lib/format';
import { useStaff } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { addDays, dayStartInstant } from '@/lib/time';

interface Filters {
  userId: string;
  action: string;
  entityType: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { userId: '', action: '', entityType: '', from: '', to: '' };

export function AuditLog() {
  const { user } = useSession();
  return (
    <RoleGate allow={isManager(user.role)}>
      <AuditLogPage />
    </RoleGate>
  );
}

/** Who did what and when, newest first, for Owner and Admin; filters by person, action, entity and dates. */
function AuditLogPage() {
  const t = useTranslations('audit');
  const { clinic } = useSession();
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const staff = useStaff();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const set = (key: keyof Filters) => (value: string) => setFilters({ ...filters, [key]: value });
  const action = filters.action.trim().toUpperCase().replaceAll(' ', '_');
  const entityType = filters.entityType.trim().toLowerCase();
  const query = {
    userId: filters.userId || undefined,
    action: /^[A-Z_]{3,40}$/.test(action) ? action : undefined,
    entityType: /^[a-z_]{2,30}$/.test(entityType) ? entityType : undefined,
    from: filters.from ? dayStartInstant(filters.from, clinic.timezone).toUTC().toISO()! : undefined,
    to: filters.to ? dayStartInstant(addDays(filters.to, 1), clinic.timezone).toUTC().toISO()! : undefined,
    limit: 50,
  };
  const logs = useInfiniteQuery({
    queryKey: ['audit-logs', query],
    queryFn: ({ pageParam }) => call(api.GET('/api/audit-logs', { params: { query: { ...query, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const names = new Map(staff.data?.map((member) => [member.id, `${member.firstName} ${member.lastName}`]));
  const items = logs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="4">
      <PageHeader title={t('title')} />
      <SimpleGrid columns={{ base: 1, sm: 2, lg: 5 }} gap="3" alignItems="end">
        <SelectField
          label={t('user')}
          name="userId"
          value={filters.userId}
          onChange={set('userId')}
          placeholder={t('anyone')}
          options={(staff.data ?? []).map((member) => ({ value: member.id, label: `${member.firstName} ${member.lastName}` }))}
        />
        <TextField
          label={t('action')}
          name="action"
          value={filters.action}
          onChange={set('action')}
          placeholder="PATIENT_VIEWED"
          dir="ltr"
        />
        <TextField
          label={t('entity')}
          name="entityType"
          value={filters.entityType}
          onChange={set('entityType')}
          placeholder="patient"
          dir="ltr"
        />
        <TextField label={t('from')} name="from" type="date" value={filters.from} onChange={set('from')} />
        <TextField label={t('to')} name="to" type="date" value={filters.to} onChange={set('to')} />
      </SimpleGrid>
      {logs.error ? (
        <FormError message={errorMessage(logs.error)} />
      ) : !logs.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t('none')}</Empty>
      ) : (
        <Box overflowX="auto" borderWidth="1px" borderRadius="md">
          <Table.Root size="sm" data-testid="audit-table">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('when')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('who')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('action')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('entity')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('ip')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((entry) => (
                <Table.Row key={entry.id}>
                  <Table.Cell whiteSpace="nowrap">{formats.dateTime(entry.createdAt)}</Table.Cell>
                  <Table.Cell>
                    {entry.userId ? <bdi>{names.get(entry.userId) ?? entry.userId}</bdi> : t('system', { job: entry.systemJob ?? '' })}
                  </Table.Cell>
                  <Table.Cell>
                    <Code dir="ltr">{entry.action}</Code>
                  </Table.Cell>
                  <Table.Cell>
                    <Text as="span" dir="ltr" title={entry.entityId ?? undefined}>
                      {entry.entityType}
                      {/* Ids are UUIDv7: their start is a time stamp, their end tells rows apart. */}
                      {entry.entityId ? ` · …${entry.entityId.slice(-8)}` : ''}
                    </Text>
                  </Table.Cell>
                  <Table.Cell dir="ltr">{entry.ipAddress ?? ''}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      {logs.hasNextPage && (
        <Button variant="outline" alignSelf="center" onClick={() => void logs.fetchNextPage()} loading={logs.isFetchingNextPage}>
          {t('more')}
        </Button>
      )}
    </Stack>
  );
}
