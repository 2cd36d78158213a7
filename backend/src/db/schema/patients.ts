import { date, foreignKey, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference, timestamps } from './columns.js';
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
    /** ISO 3166-1 alpha-2; Saudi citizens' invoices may be zero-rated (VATEX-SA-HEA). */
    nationality: text('nationality'),
    /** National ID or Iqama number (shown to billing and admin roles only). */
    nationalId: text('national_id'),
    allergies: text('allergies'),
    medicalHistory: text('medical_history'),
    notes: text('notes'),
    /** Soft delete: archived patients leave search but keep their appointments and invoices. */
    archivedAt: instant('archived_at'),
    /** Folded names, email and phone digits: the source of patient_search_terms. */
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
    index('patients_sort_idx').on(t.clinicId, t.sortName, t.id),
    // Ids are unique across clinics: one hash probe finds a patient faster than the (clinic_id, id)
    // btree, which matters when a week's calendar names ~1,200 appointments in one query.
    index('patients_id_hash_idx').using('hash', t.id),
  ],
);

/**
 * Search index of patients: every suffix of every folded word of the name, email and phone digits,
 * kept by a trigger on patients (migration 0006). "Contains" becomes "a suffix starts with", a btree
 * range scan: unlike LIKE on a trigram index, it stays usable under row-level security, whose planner
 * will not push a non-leakproof operator such as LIKE into an index scan.
 */
export const patientSearchTerms = pgTable(
  'patient_search_terms',
  {
    clinicId: text('clinic_id').notNull(),
    patientId: text('patient_id').notNull(),
    /** COLLATE "C" (migration 0006): byte order, so a prefix is a contiguous range. */
    term: text('term').notNull(),
    /** The patient's sort_name, copied so a search sorts and pages without touching patients (0009). */
    sortName: text('sort_name').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.term, t.patientId] }),
    tenantReference('patient_search_terms_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients).onDelete('cascade'),
    index('patient_search_terms_patient_idx').on(t.clinicId, t.patientId),
  ],
);
