'use client';

import { RoleGate } from '@/components/page';
import { StaffList } from '@/components/staff/staff-list';
import { isManager } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function StaffPage() {
  const { user } = useSession();
  return (
    <RoleGate allow={isManager(user.role)}>
      <StaffList />
    </RoleGate>
  );
}
