'use client';

import { RoleGate } from '@/components/page';
import { Settings } from '@/components/settings';
import { isManager } from '@dental/shared';
import { useSession } from '@/lib/session';

export default function SettingsPage() {
  const { user } = useSession();
  return (
    <RoleGate allow={isManager(user.role)}>
      <Settings />
    </RoleGate>
  );
}
