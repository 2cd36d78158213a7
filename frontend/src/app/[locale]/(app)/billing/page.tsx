'use client';

import { BillingPage } from '@/components/billing/billing-page';
import { RoleGate } from '@/components/page';
import { canBill } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function Billing() {
  const { user } = useSession();
  return (
    <RoleGate allow={canBill(user.role)}>
      <BillingPage />
    </RoleGate>
  );
}
