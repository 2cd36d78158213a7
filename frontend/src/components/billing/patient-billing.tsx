'use client';

import { Box, Button, Card, Flex, Stack, Stat, Table, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { FormError, useErrorMessage } from '@/components/form';
import { Empty, Loading } from '@/components/page';
import { Link } from '@/i18n/navigation';
import { useFormats } from '@/lib/format';
import { allPages, keys } from '@/lib/queries';
import { compareAmounts, subtractAmounts } from '@dental/shared';
import { InvoiceStatusBadge } from './invoice-status';
import { NewInvoiceDialog } from './new-invoice-dialog';

/** The patient page's billing tab: their invoices (drafts too), and the statement with its running balance. */
export function PatientBilling({ patientId, patientName }: { patientId: string; patientName: string }) {
  const t = useTranslations('billing');
  const tMethod = useTranslations('paymentMethod');
  const formats = useFormats();
  const errorMessage = useErrorMessage();
  const [creating, setCreating] = useState(false);
  const invoices = useQuery({
    queryKey: [...keys.invoices, 'patient', patientId],
    queryFn: () => allPages((cursor) => call(api.GET('/api/invoices', { params: { query: { patientId, limit: 200, cursor } } }))),
  });
  const statement = useQuery({
    queryKey: keys.statement(patientId),
    queryFn: () => call(api.GET('/api/patients/{id}/statement', { params: { path: { id: patientId } } })),
  });
  const error = invoices.error ?? statement.error;
  if (error) return <FormError message={errorMessage(error)} />;
  if (!invoices.data || !statement.data) return <Loading />;
  const { currency, closingBalance } = statement.data;
  const owed = compareAmounts(closingBalance, '0') >= 0;

  return (
    <Stack gap="4" data-testid="patient-billing">
      <Flex gap="3" align="flex-end" justify="space-between" wrap="wrap">
        <Card.Root size="sm" minW="14rem">
          <Card.Body>
            <Stat.Root>
              <Stat.Label>{owed ? t('accountBalance') : t('accountCredit')}</Stat.Label>
              <Stat.ValueText data-testid="account-balance">
                {formats.money(owed ? closingBalance : subtractAmounts(currency, '0', closingBalance), currency)}
              </Stat.ValueText>
            </Stat.Root>
          </Card.Body>
        </Card.Root>
        <Button colorPalette="teal" onClick={() => setCreating(true)} data-testid="patient-new-invoice">
          {t('newInvoice')}
        </Button>
      </Flex>

      <Text as="h3" fontWeight="semibold">
        {t('invoices')}
      </Text>
      {invoices.data.length === 0 ? (
        <Empty>{t('noInvoices')}</Empty>
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm" data-testid="patient-invoices">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('number')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('date')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('total')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('balanceDue')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('status')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {invoices.data.map((invoice) => (
                <Table.Row key={invoice.id}>
                  <Table.Cell>
                    <Link href={`/billing/${invoice.id}`}>
                      <bdi>{invoice.number ?? t('draft')}</bdi>
                    </Link>
                  </Table.Cell>
                  <Table.Cell>{formats.dateOf(invoice.issuedAt ?? invoice.createdAt)}</Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {formats.money(invoice.total, invoice.currency)}
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {formats.money(invoice.balanceDue, invoice.currency)}
                  </Table.Cell>
                  <Table.Cell>
                    <InvoiceStatusBadge status={invoice.status} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}

      <Text as="h3" fontWeight="semibold">
        {t('statement')}
      </Text>
      {statement.data.entries.length === 0 ? (
        <Empty>{t('noEntries')}</Empty>
      ) : (
        <Box overflowX="auto">
          <Table.Root size="sm" data-testid="statement">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>{t('date')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('entry')}</Table.ColumnHeader>
                <Table.ColumnHeader>{t('invoice')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('debit')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('credit')}</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">{t('runningBalance')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {statement.data.entries.map((entry) => (
                <Table.Row key={`${entry.kind}-${entry.id}`} data-testid="statement-entry">
                  <Table.Cell whiteSpace="nowrap">{formats.dateOf(entry.at)}</Table.Cell>
                  <Table.Cell>
                    {t(`entryKind.${entry.kind}`)}
                    {entry.method && (
                      <Text as="span" color="fg.muted" ms="2">
                        {tMethod(entry.method)}
                      </Text>
                    )}
                    {entry.reference && (
                      <Text as="span" color="fg.muted" ms="2">
                        <bdi>{entry.reference}</bdi>
                      </Text>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <Link href={`/billing/${entry.invoiceId}`}>
                      <bdi>{entry.invoiceNumber}</bdi>
                    </Link>
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {compareAmounts(entry.debit, '0') === 0 ? '' : formats.money(entry.debit, currency)}
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {compareAmounts(entry.credit, '0') === 0 ? '' : formats.money(entry.credit, currency)}
                  </Table.Cell>
                  <Table.Cell textAlign="end" whiteSpace="nowrap">
                    {formats.money(entry.balance, currency)}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      )}
      {creating && <NewInvoiceDialog patient={{ id: patientId, name: patientName }} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
