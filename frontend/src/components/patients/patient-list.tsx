'use client';

import { Badge, Box, Button, Input, Stack, Table } from '@chakra-ui/react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useDeferredValue, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { CARDS_ON_PHONE } from '@/components/responsive-table';
import { FormError, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Empty, Loading, PageHeader } from '@/components/page';
import { Link, useRouter } from '@/i18n/navigation';
import { isFrontDesk } from '@dental/shared';
import { useSession } from '@/lib/session';
import { PatientForm } from './patient-form';

export function PatientList() {
  const t = useTranslations('patients');
  const { user } = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [term, setTerm] = useState('');
  const [creating, setCreating] = useState(false);
  const q = useDeferredValue(term.trim());
  const patients = useInfiniteQuery({
    queryKey: ['patients', 'list', q],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/patients', { params: { query: { limit: 50, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = patients.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="4">
      <PageHeader
        title={t('title')}
        actions={
          isFrontDesk(user.role) && (
            <Button colorPalette="teal" onClick={() => setCreating(true)} data-testid="new-patient">
              {t('new')}
            </Button>
          )
        }
      />
      <Input
        type="search"
        aria-label={t('search')}
        placeholder={t('searchPlaceholder')}
        value={term}
        onChange={(event) => setTerm(event.target.value)}
        maxW="md"
      />
      {patients.error && <FormError message={errorMessage(patients.error)} />}
      {patients.isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>{q ? t('noMatches') : t('empty')}</Empty>
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm" interactive css={CARDS_ON_PHONE}>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('name')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('phone')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('email')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('dateOfBirth')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((patient) => (
                <Table.Row key={patient.id} data-testid="patient-row">
                  <Table.Cell data-label={t('name')}>
                    <Link href={`/patients/${patient.id}`}>
                      <bdi>
                        {patient.firstName} {patient.lastName}
                      </bdi>
                    </Link>
                    {patient.archivedAt && <Badge ms="2">{t('archived')}</Badge>}
                  </Table.Cell>
                  <Table.Cell data-label={t('phone')}>
                    <bdi dir="ltr">{patient.phone}</bdi>
                  </Table.Cell>
                  <Table.Cell data-label={t('email')}>{patient.email}</Table.Cell>
                  <Table.Cell data-label={t('dateOfBirth')}>{patient.dateOfBirth}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      {patients.hasNextPage && (
        <Button variant="outline" alignSelf="center" onClick={() => void patients.fetchNextPage()} loading={patients.isFetchingNextPage}>
          {t('loadMore')}
        </Button>
      )}
      <Modal title={t('new')} open={creating} onClose={() => setCreating(false)} size="lg">
        <PatientForm
          formId="create-patient"
          submitLabel={t('create')}
          onSave={async (input) => {
            const created = await call(api.POST('/api/patients', { body: input }));
            void queryClient.invalidateQueries({ queryKey: ['patients'] });
            setCreating(false);
            router.push(`/patients/${created.id}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
