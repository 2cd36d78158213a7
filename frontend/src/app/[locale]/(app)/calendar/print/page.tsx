'use client';

import { DaySheet } from '@/components/calendar/day-sheet';
import { RoleGate } from '@/components/page';
import { isFrontDesk } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function DaySheetPage() {
  const { user } = useSession();
  return (
    <RoleGate allow={isFrontDesk(user.role)}>
      <DaySheet />
    </RoleGate>
  );
}
