'use client';

import { Badge, Box, Button, Card, Flex, NativeSelect, SimpleGrid, Stack, Stat, Table, Text } from '@chakra-ui/react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { BillingSummary, InvoiceStatus } from '@/api/types';
import { CARDS_ON_PHONE } from '@/components/responsive-table';
import { FormError, useErrorMessage } from '@/components/form';
import { Empty, Loading, PageHeader } from '@/components/page';
import { Link, useRouter } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { keys } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { addAmounts } from '@dental/shared';
import { INVOICE_STATUS_COLOR, INVOICE_STATUSES, InvoiceStatusBadge } from './invoice-status';
import { NewInvoiceDialog } from './new-invoice-dialog';

/** A dated period of the Billing page; `all` (no date filter) has no range and no period totals. */
export type Period = 'today' | 'month' | 'lastMonth' | 'year';
const PERIODS: (Period | 'all')[] = ['today', 'month', 'lastMonth', 'year', 'all'];

/** [from, to) of a period in the clinic's zone, as instants. */
export function periodRange(period: Period, zone: string): { from: string; to: string } {
  const now = DateTime.now().setZone(zone);
  const start = {
    today: now.startOf('day'),
    month: now.startOf('month'),
    lastMonth: now.minus({ months: 1 }).startOf('month'),
    year: now.startOf('year'),
  }[period];
  const end = {
    today: start.plus({ days: 1 }),
    month: start.plus({ months: 1 }),
    lastMonth: start.plus({ months: 1 }),
    year: start.plus({ years: 1 }),
  }[period];
  return { from: start.toUTC().toISO()!, to: end.toUTC().toISO()! };
}

/**
 * The Billing page: a period's totals, status chips with counts, and its invoices newest first. "All
 * time" lists every invoice (no date filter, no period totals); choosing Overdue switches to it, since
 * an invoice falls overdue weeks after the period it was issued in.
 */
export function BillingPage() {
  const t = useTranslations('billing');
  const { clinic } = useSession();
  const formats = useFormats();
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const [period, setPeriod] = useState<Period | 'all'>('month');
  const [status, setStatus] = useState<InvoiceStatus | null>(null);
  const [creating, setCreating] = useState(false);
  const range = useMemo(() => (period === 'all' ? null : periodRange(period, clinic.timezone)), [period, clinic.timezone]);

  const summary = useQuery({
    queryKey: [...keys.billingSummary, range?.from, range?.to],
    queryFn: () => call(api.GET('/api/billing/summary', { params: { query: range! } })),
    enabled: range !== null,
  });
  const invoices = useInfiniteQuery({
    queryKey: [...keys.invoices, status, range?.from ?? 'all', range?.to ?? 'all'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/invoices', { params: { query: { ...range, status: status ?? undefined, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = invoices.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="4">
      <PageHeader
        title={t('title')}
        actions={
          <>
            <NativeSelect.Root size="sm" width="auto">
              <NativeSelect.Field
                aria-label={t('period')}
                value={period}
                onChange={(event) => setPeriod(event.target.value as Period | 'all')}
                data-testid="billing-period"
              >
                {PERIODS.map((p) => (
                  <option key={p} value={p}>
                    {t(`periods.${p}`)}
                  </option>
                ))}
              </NativeSelect.Field>
              <NativeSelect.Indicator />
            </NativeSelect.Root>
            <Button colorPalette="teal" onClick={() => setCreating(true)} data-testid="new-invoice">
              {t('newInvoice')}
            </Button>
          </>
        }
      />
      {range === null ? (
        <Text fontSize="sm" color="fg.muted" data-testid="all-time-hint">
          {t('allTimeHint')}
        </Text>
      ) : (
        summary.data && <Totals summary={summary.data} />
      )}
      <Flex gap="2" wrap="wrap" role="group" aria-label={t('statusFilter')}>
        <Button
          size="xs"
          colorPalette="teal"
          variant={status === null ? 'solid' : 'outline'}
          onClick={() => setStatus(null)}
          data-testid="status-chip-all"
        >
          {t('allStatuses')}
        </Button>
        {INVOICE_STATUSES.map((s) => {
          const count = range === null ? undefined : (summary.data?.invoices.find((row) => row.status === s)?.count ?? 0);
          return (
            <Button
              key={s}
              size="xs"
              colorPalette={INVOICE_STATUS_COLOR[s]}
              variant={status === s ? 'solid' : 'outline'}
              onClick={() => {
                setStatus(status === s ? null : s);
                // Overdue invoices were issued in earlier periods: look through all of them.
                if (s === 'OVERDUE' && status !== s) setPeriod('all');
              }}
              aria-pressed={status === s}
              data-testid={`status-chip-${s}`}
            >
              <InvoiceStatusLabel status={s} />
              {count !== undefined && <Badge variant="subtle">{formats.number(count)}</Badge>}
            </Button>
          );
        })}
      </Flex>
      {(invoices.error ?? summary.error) && <FormError message={errorMessage(invoices.error ?? summary.error)} />}
      {!invoices.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>{t('noInvoices')}</Empty>
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm" interactive data-testid="invoice-list" css={CARDS_ON_PHONE}>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('number')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('patient')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('date')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('dueAt')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('total')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('balanceDue')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('status')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((invoice) => (
                <Table.Row
                  key={invoice.id}
                  cursor="pointer"
                  onClick={() => router.push(`/billing/${invoice.id}`)}
                  data-testid="invoice-row"
                >
                  <Table.Cell data-label={t('number')}>
                    <Link href={`/billing/${invoice.id}`} onClick={(event) => event.stopPropagation()}>
                      <bdi>{invoice.number ?? t('draft')}</bdi>
                    </Link>
                  </Table.Cell>
                  <Table.Cell data-label={t('patient')}>
                    <bdi>{invoice.patientName}</bdi>
                  </Table.Cell>
                  <Table.Cell data-label={t('date')} whiteSpace="nowrap">
                    {formats.dateOf(invoice.issuedAt ?? invoice.createdAt)}
                  </Table.Cell>
                  <Table.Cell data-label={t('dueAt')} whiteSpace="nowrap">
                    {invoice.dueAt ? formats.dateOf(invoice.dueAt) : '—'}
                  </Table.Cell>
                  <Table.Cell data-label={t('total')} textAlign="end" whiteSpace="nowrap">
                    {formats.money(invoice.total, invoice.currency)}
                  </Table.Cell>
                  <Table.Cell data-label={t('balanceDue')} textAlign="end" whiteSpace="nowrap">
                    {formats.money(invoice.balanceDue, invoice.currency)}
                  </Table.Cell>
                  <Table.Cell data-label={t('status')}>
                    <InvoiceStatusBadge status={invoice.status} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      {invoices.hasNextPage && (
        <Button variant="outline" alignSelf="center" loading={invoices.isFetchingNextPage} onClick={() => void invoices.fetchNextPage()}>
          {t('loadMore')}
        </Button>
      )}
      {creating && <NewInvoiceDialog onClose={() => setCreating(false)} />}
    </Stack>
  );
}

function InvoiceStatusLabel({ status }: { status: InvoiceStatus }) {
  const t = useTranslations('invoiceStatus');
  return <>{t(status)}</>;
}

/** Issued, outstanding, overdue and collected amounts of the period. */
function Totals({ summary }: { summary: BillingSummary }) {
  const t = useTranslations('billing');
  const formats = useFormats();
  const sum = (statuses: InvoiceStatus[], pick: 'total' | 'balanceDue') =>
    addAmounts(summary.currency, '0', ...summary.invoices.filter((row) => statuses.includes(row.status)).map((row) => row[pick]));
  const stats = [
    { label: t('totals.issued'), value: sum(['SENT', 'PARTIALLY_PAID', 'OVERDUE', 'PAID'], 'total'), testId: 'total-issued' },
    { label: t('totals.outstanding'), value: sum(['SENT', 'PARTIALLY_PAID', 'OVERDUE'], 'balanceDue'), testId: 'total-outstanding' },
    { label: t('totals.overdue'), value: sum(['OVERDUE'], 'balanceDue'), testId: 'total-overdue' },
    { label: t('totals.collected'), value: summary.collections.net, testId: 'total-collected' },
  ];
  return (
    <SimpleGrid columns={{ base: 2, md: 4 }} gap="3">
      {stats.map((stat) => (
        <Card.Root key={stat.label} size="sm">
          <Card.Body>
            <Stat.Root>
              <Stat.Label>{stat.label}</Stat.Label>
              <Stat.ValueText data-testid={stat.testId}>
                <Text as="span" whiteSpace="nowrap">
                  {formats.money(stat.value, summary.currency)}
                </Text>
              </Stat.ValueText>
            </Stat.Root>
          </Card.Body>
        </Card.Root>
      ))}
    </SimpleGrid>
  );
}
