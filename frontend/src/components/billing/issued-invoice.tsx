'use client';

import { Box, Button, Card, Flex, Stack, Table, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Invoice, Payment } from '@/api/types';
import { InvoiceEmails } from '@/components/notifications/invoice-emails';
import { useFormats } from '@/lib/format';
import { compareAmounts, isPositiveAmount, subtractAmounts } from '@dental/shared';
import { CreditNoteDialog } from './credit-note-dialog';
import { DocumentButton } from './document-links';
import { LinesTable, TotalsBlock } from './invoice-detail';
import { PaymentDialog } from './payment-dialog';
import { RefundDialog } from './refund-dialog';

type Dialog = { kind: 'payment' } | { kind: 'credit' } | { kind: 'refund'; payment: Payment } | null;

/** An issued invoice: its lines and totals, the PDF in both languages, payments with refunds, emails, credit notes. */
export function IssuedInvoice({ invoice, onChanged }: { invoice: Invoice; onChanged: (next?: Invoice) => void }) {
  const t = useTranslations('billing');
  const tMethod = useTranslations('paymentMethod');
  const formats = useFormats();
  const [dialog, setDialog] = useState<Dialog>(null);
  const open = invoice.status !== 'VOID';
  const owesPatient = compareAmounts(invoice.balanceDue, '0') < 0;

  return (
    <Stack gap="5">
      <Flex gap="2" wrap="wrap">
        {open && isPositiveAmount(invoice.balanceDue) && (
          <Button colorPalette="teal" onClick={() => setDialog({ kind: 'payment' })} data-testid="record-payment">
            {t('recordPayment')}
          </Button>
        )}
        {open && (
          <Button variant="outline" onClick={() => setDialog({ kind: 'credit' })} data-testid="new-credit-note">
            {t('creditNote')}
          </Button>
        )}
        <DocumentButton href={`/api/invoices/${invoice.id}/pdf?locale=en`} label={t('pdfEnglish')} testId="pdf-en" />
        <DocumentButton href={`/api/invoices/${invoice.id}/pdf?locale=ar`} label={t('pdfArabic')} testId="pdf-ar" />
        <DocumentButton href={`/api/invoices/${invoice.id}/xml`} label={t('xml')} testId="xml" />
      </Flex>
      <LinesTable invoice={invoice} />
      <TotalsBlock
        currency={invoice.currency}
        rows={[
          { label: t('subtotal'), amount: invoice.subtotal },
          { label: t('vatTotal'), amount: invoice.vatTotal },
          { label: t('total'), amount: invoice.total, strong: true, testId: 'invoice-total' },
          { label: t('amountPaid'), amount: invoice.amountPaid, testId: 'amount-paid' },
          ...(isPositiveAmount(invoice.creditedAmount) ? [{ label: t('creditedAmount'), amount: invoice.creditedAmount }] : []),
          owesPatient
            ? {
                label: t('refundDue'),
                amount: subtractAmounts(invoice.currency, '0', invoice.balanceDue),
                strong: true,
                testId: 'refund-due',
              }
            : { label: t('balanceDue'), amount: invoice.balanceDue, strong: true, testId: 'balance-due' },
        ]}
      />
      {invoice.notes && (
        <Text whiteSpace="pre-wrap">
          {t('notes')}: {invoice.notes}
        </Text>
      )}

      <Card.Root>
        <Card.Header>
          <Card.Title>{t('payments')}</Card.Title>
        </Card.Header>
        <Card.Body>
          {invoice.payments.length === 0 ? (
            <Text color="fg.muted">{t('noPayments')}</Text>
          ) : (
            <Box overflowX="auto">
              <Table.Root size="sm" data-testid="payments">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader>{t('receivedAt')}</Table.ColumnHeader>
                    <Table.ColumnHeader>{t('method')}</Table.ColumnHeader>
                    <Table.ColumnHeader>{t('reference')}</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">{t('amount')}</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">{t('refunded')}</Table.ColumnHeader>
                    <Table.ColumnHeader />
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {invoice.payments.map((payment) => (
                    <Table.Row key={payment.id} data-testid="payment-row">
                      <Table.Cell whiteSpace="nowrap">{formats.dateTime(payment.receivedAt)}</Table.Cell>
                      <Table.Cell>{tMethod(payment.method)}</Table.Cell>
                      <Table.Cell>
                        <bdi>{payment.reference ?? '—'}</bdi>
                      </Table.Cell>
                      <Table.Cell textAlign="end" whiteSpace="nowrap">
                        {formats.money(payment.amount, payment.currency)}
                      </Table.Cell>
                      <Table.Cell textAlign="end" whiteSpace="nowrap">
                        {isPositiveAmount(payment.refundedAmount) ? formats.money(payment.refundedAmount, payment.currency) : '—'}
                        {payment.refunds.map((refund) => (
                          <Text key={refund.id} fontSize="xs" color="fg.muted">
                            <bdi>{refund.reason}</bdi>
                          </Text>
                        ))}
                      </Table.Cell>
                      <Table.Cell>
                        {compareAmounts(payment.refundedAmount, payment.amount) < 0 && (
                          <Button
                            size="xs"
                            variant="outline"
                            onClick={() => setDialog({ kind: 'refund', payment })}
                            data-testid="refund-payment"
                          >
                            {t('refund')}
                          </Button>
                        )}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </Box>
          )}
        </Card.Body>
      </Card.Root>

      <InvoiceEmails invoice={invoice} />

      {invoice.creditNotes.length > 0 && (
        <Card.Root>
          <Card.Header>
            <Card.Title>{t('creditNotes')}</Card.Title>
          </Card.Header>
          <Card.Body>
            <Stack gap="3">
              {invoice.creditNotes.map((note) => (
                <Flex key={note.id} gap="3" align="center" wrap="wrap" data-testid="credit-note-row">
                  <Text fontWeight="semibold">
                    <bdi>{note.number}</bdi>
                  </Text>
                  <Text>{formats.dateOf(note.issuedAt)}</Text>
                  <Text whiteSpace="nowrap">{formats.money(note.total, note.currency)}</Text>
                  <Text color="fg.muted" flex="1">
                    <bdi>{note.reason}</bdi>
                  </Text>
                  <DocumentButton href={`/api/credit-notes/${note.id}/pdf?locale=en`} label={t('pdfEnglish')} />
                  <DocumentButton href={`/api/credit-notes/${note.id}/pdf?locale=ar`} label={t('pdfArabic')} />
                </Flex>
              ))}
            </Stack>
          </Card.Body>
        </Card.Root>
      )}
      {invoice.zatca && (
        <Text fontSize="xs" color="fg.muted" data-testid="zatca">
          {t('zatca', { icv: invoice.zatca.icv })} <bdi dir="ltr">{invoice.zatca.invoiceHash}</bdi>
        </Text>
      )}

      {dialog?.kind === 'payment' && <PaymentDialog invoice={invoice} onClose={() => setDialog(null)} onPaid={() => onChanged()} />}
      {dialog?.kind === 'refund' && (
        <RefundDialog payment={dialog.payment} onClose={() => setDialog(null)} onRefunded={() => onChanged()} />
      )}
      {dialog?.kind === 'credit' && <CreditNoteDialog invoice={invoice} onClose={() => setDialog(null)} onCredited={() => onChanged()} />}
    </Stack>
  );
}
