'use client';

import { Box, Flex, Stack, Table, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { INVOICE_FILES } from '@dental/shared';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { Invoice } from '@/api/types';
import { FilesPanel } from '@/components/files/files-panel';
import { FormError, useErrorMessage } from '@/components/form';
import { Loading, PageHeader } from '@/components/page';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { billingKeys, keys } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { DraftEditor } from './draft-editor';
import { InvoiceStatusBadge } from './invoice-status';
import { IssuedInvoice } from './issued-invoice';

/** One invoice: the editor while it is a draft; once issued, its document, payments and corrections. */
export function InvoiceDetail({ id }: { id: string }) {
  const t = useTranslations('billing');
  const tf = useTranslations('files');
  const { user } = useSession();
  const errorMessage = useErrorMessage();
  const formats = useFormats();
  const queryClient = useQueryClient();
  const invoice = useQuery({
    queryKey: keys.invoice(id),
    queryFn: () => call(api.GET('/api/invoices/{id}', { params: { path: { id } } })),
  });
  if (invoice.error) return <FormError message={errorMessage(invoice.error)} />;
  if (!invoice.data) return <Loading />;
  const current = invoice.data;
  /** After any change: this invoice, the lists, statements and totals it appears in. */
  const changed = (next?: Invoice) => {
    if (next) queryClient.setQueryData(keys.invoice(id), next);
    for (const key of billingKeys) void queryClient.invalidateQueries({ queryKey: key });
  };
  return (
    <Stack gap="5" data-testid="invoice-detail">
      <PageHeader
        title={current.number ? t('invoiceNumber', { number: current.number }) : t('draftInvoice')}
        actions={
          <Flex align="center" gap="3">
            <InvoiceStatusBadge status={current.status} />
          </Flex>
        }
      />
      <Flex gap="6" wrap="wrap" fontSize="sm">
        <Text>
          {t('patient')}:{' '}
          <Link href={`/patients/${current.patientId}`}>
            <bdi>{current.patientName}</bdi>
          </Link>
        </Text>
        {current.issuedAt && (
          <Text>
            {t('issuedAt')}: {formats.dateOf(current.issuedAt)}
          </Text>
        )}
        {current.dueAt && current.issuedAt && (
          <Text>
            {t('dueAt')}: {formats.dateOf(current.dueAt)}
          </Text>
        )}
      </Flex>
      {current.status === 'DRAFT' ? (
        <DraftEditor invoice={current} onChanged={changed} />
      ) : (
        <IssuedInvoice invoice={current} onChanged={changed} />
      )}
      {INVOICE_FILES.includes(user.role) && (
        <Stack gap="3" as="section" aria-labelledby="invoice-files">
          <Text as="h2" id="invoice-files" fontSize="lg" fontWeight="semibold">
            {tf('invoiceFiles')}
          </Text>
          <FilesPanel compact patientId={current.patientId} target={{ entityType: 'invoice', entityId: current.id }} />
        </Stack>
      )}
    </Stack>
  );
}

/** The lines of an issued invoice or a credit note, with VAT per line. */
export function LinesTable({ invoice }: { invoice: Pick<Invoice, 'items' | 'currency'> }) {
  const t = useTranslations('billing');
  const formats = useFormats();
  return (
    <Box overflowX="auto">
      <Table.Root size="sm" data-testid="invoice-lines">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>{t('description')}</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">{t('quantity')}</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">{t('unitPrice')}</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">{t('vatRate')}</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">{t('vat')}</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">{t('lineTotal')}</Table.ColumnHeader>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {invoice.items.map((item) => (
            <Table.Row key={item.id}>
              <Table.Cell>
                <bdi>{formats.serviceName({ name: item.description, nameAr: item.descriptionAr })}</bdi>
                {item.vatCategory === 'Z' && (
                  <Text fontSize="xs" color="fg.muted">
                    {t('zeroRated')}
                  </Text>
                )}
              </Table.Cell>
              <Table.Cell textAlign="end">{formats.number(item.quantity)}</Table.Cell>
              <Table.Cell textAlign="end" whiteSpace="nowrap">
                {formats.money(item.unitPrice, invoice.currency)}
              </Table.Cell>
              <Table.Cell textAlign="end">{formats.percent(item.vatRate)}</Table.Cell>
              <Table.Cell textAlign="end" whiteSpace="nowrap">
                {formats.money(item.vatAmount, invoice.currency)}
              </Table.Cell>
              <Table.Cell textAlign="end" whiteSpace="nowrap">
                {formats.money(item.lineTotal, invoice.currency)}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Box>
  );
}

/** Subtotal, VAT and total, and where payment stands. */
export function TotalsBlock({
  rows,
  currency,
}: {
  rows: { label: string; amount: string; strong?: boolean; testId?: string }[];
  currency: string;
}) {
  const formats = useFormats();
  return (
    <Box
      alignSelf="flex-end"
      minW={{ base: 'full', sm: '20rem' }}
      as="dl"
      display="grid"
      gridTemplateColumns="1fr auto"
      gap="1"
      columnGap="6"
    >
      {rows.map((row) => (
        <Box key={row.label} display="contents" fontWeight={row.strong ? 'bold' : undefined}>
          <Text as="dt">{row.label}</Text>
          <Text as="dd" textAlign="end" whiteSpace="nowrap" data-testid={row.testId}>
            {formats.money(row.amount, currency)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
