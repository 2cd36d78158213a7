'use client';

import { use } from 'react';
import { InvoiceDetail } from '@/components/billing/invoice-detail';
import { RoleGate } from '@/components/page';
import { canBill } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  const { user } = useSession();
  return (
    <RoleGate allow={canBill(user.role)}>
      <InvoiceDetail id={id} />
    </RoleGate>
  );
}
