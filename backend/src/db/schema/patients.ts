import { date, foreignKey, index, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
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
    /** Folded names, email and phone digits for partial, case- and diacritic-insensitive search. */
    searchText: text('search_text').generatedAlwaysAs(
      sql`dental_fold(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), ''))`,
    ),
    /** Folded "last first" for alphabetical lists. */
    sortName: text('sort_name').generatedAlwaysAs(sql`dental_fold(last_name || ' ' || first_name)`),
    ...timestamps(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'patients_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    index('patients_phone_idx').on(t.clinicId, t.phone),
    index('patients_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('patients_sort_idx').on(t.clinicId, t.sortName, t.id),
  ],
);
