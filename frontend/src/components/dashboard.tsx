'use client';

import { Box, Card, SimpleGrid, Stack, Stat, Table, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import type { CalendarEntry } from '@/api/types';
import { FormError, useErrorMessage } from '@/components/form';
import { GettingStarted } from '@/components/getting-started';
import { Empty, Loading, PageHeader } from '@/components/page';
import { StatusBadge } from '@/components/status-badge';
import { useFormats } from '@/lib/format';
import { useAppointmentRange, useProviders, useServices } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { canBill, isManager, readsAllReports } from '@dental/shared';
import { addDays, dayStartInstant, todayIn } from '@/lib/time';
import { CollectionsCard } from '@/components/billing/collections-card';
import { MoneyCards } from '@/components/reports/money-cards';

export function Dashboard() {
  const t = useTranslations('dashboard');
  const { clinic, user } = useSession();
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const today = todayIn(clinic.timezone);
  const from = dayStartInstant(today, clinic.timezone).toUTC().toISO()!;
  const to = dayStartInstant(addDays(today, 1), clinic.timezone).toUTC().toISO()!;
  const appointments = useAppointmentRange(from, to);
  const providers = useProviders();
  const services = useServices();

  if (appointments.error) return <FormError message={errorMessage(appointments.error)} />;
  if (!appointments.data || !providers.data) return <Loading />;

  const items = appointments.data;
  const count = (predicate: (entry: CalendarEntry) => boolean) => items.filter(predicate).length;
  const stats = [
    { label: t('total'), value: count((a) => a.status !== 'cancelled') },
    { label: t('waiting'), value: count((a) => a.status === 'scheduled' || a.status === 'confirmed') },
    { label: t('inClinic'), value: count((a) => a.status === 'checked_in' || a.status === 'in_progress') },
    { label: t('completed'), value: count((a) => a.status === 'completed') },
    { label: t('cancelledOrNoShow'), value: count((a) => a.status === 'cancelled' || a.status === 'no_show') },
  ];
  const serviceById = new Map(services.data?.map((service) => [service.id, service]));

  return (
    <Stack gap="5">
      <PageHeader title={t('title')} />
      <Text color="fg.muted">{formats.day(today)}</Text>
      {isManager(user.role) && <GettingStarted />}
      {/* The money cards for those who read every report; the Receptionist keeps today's collections by method. */}
      {readsAllReports(user.role) ? <MoneyCards /> : canBill(user.role) && <CollectionsCard />}
      <SimpleGrid columns={{ base: 2, md: 5 }} gap="3">
        {stats.map((stat) => (
          <Card.Root key={stat.label} size="sm">
            <Card.Body>
              <Stat.Root>
                <Stat.Label>{stat.label}</Stat.Label>
                <Stat.ValueText>{formats.number(stat.value)}</Stat.ValueText>
              </Stat.Root>
            </Card.Body>
          </Card.Root>
        ))}
      </SimpleGrid>
      {providers.data.length === 0 && <Empty>{t('noDentists')}</Empty>}
      <SimpleGrid columns={{ base: 1, lg: 2 }} gap="4">
        {providers.data.map((dentist) => {
          const theirs = items.filter((entry) => entry.dentistId === dentist.id);
          return (
            <Card.Root key={dentist.id} data-testid="dashboard-dentist">
              <Card.Header>
                <Card.Title as="h2">
                  <bdi>
                    {dentist.firstName} {dentist.lastName}
                  </bdi>{' '}
                  · {t('appointmentsCount', { count: theirs.filter((a) => a.status !== 'cancelled').length })}
                </Card.Title>
              </Card.Header>
              <Card.Body>
                {theirs.length === 0 ? (
                  <Text color="fg.muted">{t('none')}</Text>
                ) : (
                  <Box overflowX="auto">
                    <Table.Root size="sm">
                      <Table.Header>
                        <Table.Row>
                          <Table.ColumnHeader>{t('time')}</Table.ColumnHeader>
                          <Table.ColumnHeader>{t('patient')}</Table.ColumnHeader>
                          <Table.ColumnHeader>{t('service')}</Table.ColumnHeader>
                          <Table.ColumnHeader>{t('status')}</Table.ColumnHeader>
                        </Table.Row>
                      </Table.Header>
                      <Table.Body>
                        {theirs.map((entry) => (
                          <Table.Row key={entry.id}>
                            <Table.Cell whiteSpace="nowrap">{formats.time(entry.startAt)}</Table.Cell>
                            <Table.Cell>
                              <bdi>{entry.patientName}</bdi>
                            </Table.Cell>
                            <Table.Cell>{formats.serviceName(serviceById.get(entry.serviceId))}</Table.Cell>
                            <Table.Cell>
                              <StatusBadge status={entry.status} />
                            </Table.Cell>
                          </Table.Row>
                        ))}
                      </Table.Body>
                    </Table.Root>
                  </Box>
                )}
              </Card.Body>
            </Card.Root>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
