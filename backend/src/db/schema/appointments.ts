import { check, foreignKey, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference, timestamps } from './columns.js';
import { appointmentStatusEnum } from './enums.js';
import { clinics } from './clinics.js';
import { patients } from './patients.js';
import { users } from './users.js';
import { services } from './catalog.js';

/**
 * Overlap of two active appointments of one dentist, one room or one patient is made impossible by
 * exclusion constraints in migration 0001; migration 0004 bounds the duration to 12 hours and adds the
 * dentist and room indexes (drizzle cannot declare these).
 */
export { MAX_APPOINTMENT_HOURS } from '../../scheduling/booking-rules.js';
export const appointments = pgTable(
  'appointments',
  {
    ...tenantColumns(),
    patientId: text('patient_id').notNull(),
    dentistId: text('dentist_id').notNull(),
    serviceId: text('service_id').notNull(),
    room: text('room'),
    startAt: instant('start_at').notNull(),
    endAt: instant('end_at').notNull(),
    status: appointmentStatusEnum('status').notNull().default('scheduled'),
    notes: text('notes'),
    cancelReason: text('cancel_reason'),
    cancelledAt: instant('cancelled_at'),
    createdById: text('created_by_id'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'appointments_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('appointments_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients),
    tenantReference('appointments_dentist_fk', { clinicId: t.clinicId, column: t.dentistId }, users),
    tenantReference('appointments_service_fk', { clinicId: t.clinicId, column: t.serviceId }, services),
    tenantReference('appointments_created_by_fk', { clinicId: t.clinicId, column: t.createdById }, users),
    check('appointments_time_order', sql`${t.startAt} < ${t.endAt}`),
    index('appointments_calendar_idx').on(t.clinicId, t.startAt),
    index('appointments_patient_idx').on(t.clinicId, t.patientId, t.startAt),
    // Each patient's visits in time order: the reports' "first visit" probes (a partial btree, so the
    // planner stops choosing the patient exclusion constraint's GiST index, ten times slower to probe).
    index('appointments_visits_idx')
      .on(t.clinicId, t.patientId, t.startAt)
      .where(sql`${t.status} not in ('cancelled', 'no_show')`),
  ],
);
