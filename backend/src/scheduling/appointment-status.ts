import type { AppointmentStatus } from '../db/schema/enums.js';

/** The appointment lifecycle: which status may follow which. */
const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  scheduled: ['confirmed', 'checked_in', 'no_show', 'cancelled'],
  confirmed: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['in_progress', 'cancelled'],
  in_progress: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export const canTransition = (from: AppointmentStatus, to: AppointmentStatus): boolean => NEXT[from].includes(to);

/** Closed appointments cannot be moved or changed. */
export const isClosed = (status: AppointmentStatus): boolean => NEXT[status].length === 0;

/** Statuses that hold their time slot (the exclusion constraints use the same list). */
export const isActive = (status: AppointmentStatus): boolean => status !== 'cancelled' && status !== 'no_show';
