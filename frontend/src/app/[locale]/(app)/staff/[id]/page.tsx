'use client';

import { use } from 'react';
import { RoleGate } from '@/components/page';
import { ScheduleEditor } from '@/components/staff/schedule-editor';
import { isManager } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function StaffSchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  const { user } = useSession();
  return (
    <RoleGate allow={isManager(user.role)}>
      <ScheduleEditor userId={id} />
    </RoleGate>
  );
}
