import { date, foreignKey, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, tenantColumns, tenantPrimaryKey, timestamps } from './columns.js';
import { clinics } from './clinics.js';

export const patients = pgTable(
  'patients',
  {
    ...tenantColumns(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    gender: text('gender'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    email: text('email'),
    /** E.164 */
    phone: text('phone'),
    address: text('address'),
    preferredLanguage: text('preferred_language'),
    allergies: text('allergies'),
    medicalHistory: text('medical_history'),
    notes: text('notes'),
    /** Soft delete: archived patients leave search but keep their appointments and invoices. */
    archivedAt: instant('archived_at'),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'patients_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    index('patients_phone_idx').on(t.clinicId, t.phone),
  ],
);
