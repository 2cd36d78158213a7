import type { AppointmentStatus, Role } from '@/api/types';

/** Mirrors the API's role groups (backend/src/common/auth/roles.ts); the API stays the judge. */
export const MANAGERS: readonly Role[] = ['OWNER', 'ADMIN'];
export const FRONT_DESK: readonly Role[] = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT', 'RECEPTIONIST'];
export const CLINICAL_STAFF: readonly Role[] = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT'];
export const PROVIDERS: readonly Role[] = ['DENTIST', 'HYGIENIST'];
export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT', 'RECEPTIONIST', 'ACCOUNTANT'];

export const isManager = (role: Role) => MANAGERS.includes(role);
export const isFrontDesk = (role: Role) => FRONT_DESK.includes(role);

export type Section = 'dashboard' | 'calendar' | 'patients' | 'services' | 'staff' | 'settings';

/** The navigation each role sees: only what it may use. */
export function sectionsFor(role: Role): Section[] {
  const sections: Section[] = ['dashboard'];
  if (isFrontDesk(role)) sections.push('calendar', 'patients');
  sections.push('services');
  if (isManager(role)) sections.push('staff', 'settings');
  return sections;
}

/** The appointment lifecycle (backend/src/scheduling/appointment-status.ts); cancelling has its own action. */
const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  scheduled: ['confirmed', 'checked_in', 'no_show'],
  confirmed: ['checked_in', 'no_show'],
  checked_in: ['in_progress'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export const nextStatuses = (status: AppointmentStatus): readonly AppointmentStatus[] => NEXT[status];
export const isCancellable = (status: AppointmentStatus) => ['scheduled', 'confirmed', 'checked_in'].includes(status);
export const isOpen = (status: AppointmentStatus) => !['completed', 'cancelled', 'no_show'].includes(status);
