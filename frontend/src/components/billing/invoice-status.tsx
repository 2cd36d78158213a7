'use client';

import { Badge } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import type { InvoiceStatus } from '@/api/types';

export const INVOICE_STATUSES: InvoiceStatus[] = ['DRAFT', 'SENT', 'PARTIALLY_PAID', 'OVERDUE', 'PAID', 'VOID'];

export const INVOICE_STATUS_COLOR: Record<InvoiceStatus, string> = {
  DRAFT: 'gray',
  SENT: 'blue',
  PARTIALLY_PAID: 'orange',
  OVERDUE: 'red',
  PAID: 'green',
  VOID: 'purple',
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useTranslations('invoiceStatus');
  return (
    <Badge colorPalette={INVOICE_STATUS_COLOR[status]} data-testid="invoice-status">
      {t(status)}
    </Badge>
  );
}
