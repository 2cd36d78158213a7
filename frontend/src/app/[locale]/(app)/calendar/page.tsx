'use client';

import { Calendar } from '@/components/calendar/calendar';
import { RoleGate } from '@/components/page';
import { isFrontDesk } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function CalendarPage() {
  const { user } = useSession();
  return (
    <RoleGate allow={isFrontDesk(user.role)}>
      <Calendar />
    </RoleGate>
  );
}
