'use client';

import { canMessage } from '@dental/shared';
import { NotificationList } from '@/components/notifications/notification-list';
import { RoleGate } from '@/components/page';
import { useSession } from '@/lib/session';

export default function NotificationsPage() {
  const { user } = useSession();
  return (
    <RoleGate allow={canMessage(user.role)}>
      <NotificationList />
    </RoleGate>
  );
}
