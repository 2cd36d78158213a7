'use client';

import { Badge } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import type { AppointmentStatus } from '@/api/types';

export const STATUS_COLOR: Record<AppointmentStatus, string> = {
  scheduled: 'blue',
  confirmed: 'teal',
  checked_in: 'purple',
  in_progress: 'orange',
  completed: 'green',
  cancelled: 'gray',
  no_show: 'red',
};

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  const t = useTranslations('status');
  return <Badge colorPalette={STATUS_COLOR[status]}>{t(status)}</Badge>;
}
