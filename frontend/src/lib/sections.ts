import { canBill, canMessage, isFrontDesk, isManager, type Role } from '@dental/shared';

export type Section = 'dashboard' | 'calendar' | 'patients' | 'billing' | 'notifications' | 'services' | 'staff' | 'settings';

/** The navigation each role sees: only what it may use (the API enforces it regardless). */
export function sectionsFor(role: Role): Section[] {
  const sections: Section[] = ['dashboard'];
  if (isFrontDesk(role)) sections.push('calendar', 'patients');
  if (canBill(role)) sections.push('billing');
  if (canMessage(role)) sections.push('notifications');
  sections.push('services');
  if (isManager(role)) sections.push('staff', 'settings');
  return sections;
}
