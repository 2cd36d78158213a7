import { canBill, canMessage, isFrontDesk, isManager, readsReports, type Role } from '@dental/shared';

export type Section =
  'dashboard' | 'calendar' | 'patients' | 'billing' | 'notifications' | 'services' | 'reports' | 'staff' | 'audit' | 'settings';

/** The navigation each role sees: only what it may use (the API enforces it regardless). */
export function sectionsFor(role: Role): Section[] {
  const sections: Section[] = ['dashboard'];
  if (isFrontDesk(role)) sections.push('calendar', 'patients');
  if (canBill(role)) sections.push('billing');
  if (canMessage(role)) sections.push('notifications');
  sections.push('services');
  if (readsReports(role)) sections.push('reports');
  if (isManager(role)) sections.push('staff', 'audit', 'settings');
  return sections;
}
