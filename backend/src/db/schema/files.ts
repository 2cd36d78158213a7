import { bigint, foreignKey, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference } from './columns.js';
import { clinics } from './clinics.js';
import { patients } from './patients.js';
import { users } from './users.js';

/** Metadata of a stored object; the bytes live in object storage under storage_key. */
export const fileAttachments = pgTable(
  'file_attachments',
  {
    ...tenantColumns(),
    patientId: text('patient_id'),
    uploadedById: text('uploaded_by_id').notNull(),
    /** patient, appointment or invoice */
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    deletedAt: instant('deleted_at'),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'file_attachments_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('file_attachments_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients),
    tenantReference('file_attachments_uploaded_by_fk', { clinicId: t.clinicId, column: t.uploadedById }, users),
    index('file_attachments_entity_idx').on(t.clinicId, t.entityType, t.entityId),
  ],
);
