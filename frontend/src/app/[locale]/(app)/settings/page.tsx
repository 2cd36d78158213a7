'use client';

import { RoleGate } from '@/components/page';
import { Settings } from '@/components/settings';
import { isManager } from '@/lib/roles';
import { useSession } from '@/lib/session';

export default function SettingsPage() {
  const { user } = useSession();
  return (
    <RoleGate allow={isManager(user.role)}>
      <Settings />
    </RoleGate>
  );
}
