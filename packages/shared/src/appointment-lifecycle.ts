/** The appointment lifecycle: scheduled -> confirmed -> checked_in -> in_progress -> completed, plus cancel and no-show. */
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

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

/** The statuses a status change may lead to; cancelling is its own action (it needs a reason). */
export const nextStatuses = (status: AppointmentStatus): readonly AppointmentStatus[] => NEXT[status].filter((s) => s !== 'cancelled');

export const isCancellable = (status: AppointmentStatus): boolean => canTransition(status, 'cancelled');

/** Closed appointments cannot be moved or changed. */
export const isClosed = (status: AppointmentStatus): boolean => NEXT[status].length === 0;

/** Statuses that hold their time slot (the database's exclusion constraints use the same list). */
export const isActive = (status: AppointmentStatus): boolean => status !== 'cancelled' && status !== 'no_show';

/**
 * Statuses of an appointment still to come: it gets reminders (a change to any other status cancels the
 * pending ones) and the front desk may send one now (if its start is still ahead).
 */
export const REMINDABLE_STATUSES = ['scheduled', 'confirmed'] as const satisfies readonly AppointmentStatus[];

export const isRemindable = (status: AppointmentStatus): boolean => (REMINDABLE_STATUSES as readonly AppointmentStatus[]).includes(status);
