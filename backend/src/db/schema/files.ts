import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference } from './columns.js';
import { clinics } from './clinics.js';
import { patients } from './patients.js';
import { users } from './users.js';

export const FILE_ENTITY_TYPES = ['patient', 'appointment', 'invoice'] as const;
export type FileEntityType = (typeof FILE_ENTITY_TYPES)[number];
export const FILE_CATEGORIES = ['xray', 'photo', 'document', 'consent'] as const;
export type FileCategory = (typeof FILE_CATEGORIES)[number];

/**
 * Metadata of a stored object; the bytes live in file storage under storage_key (generated, never from a
 * file name). A deleted file leaves the API at once (deleted_at); its bytes are purged after the
 * retention period (purged_at), and the row stays as the record of what was there.
 */
export const fileAttachments = pgTable(
  'file_attachments',
  {
    ...tenantColumns(),
    patientId: text('patient_id'),
    uploadedById: text('uploaded_by_id').notNull(),
    entityType: text('entity_type').$type<FileEntityType>().notNull(),
    entityId: text('entity_id').notNull(),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    /** Detected from the bytes, never taken from the client. */
    mimeType: text('mime_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** Hex SHA-256 of the bytes, computed while they streamed in. */
    sha256: text('sha256').notNull(),
    category: text('category').$type<FileCategory>().notNull(),
    note: text('note'),
    createdAt: instant('created_at').notNull().defaultNow(),
    deletedAt: instant('deleted_at'),
    deletedById: text('deleted_by_id'),
    /** When the purge job removed the bytes (and any thumbnail) from storage. */
    purgedAt: instant('purged_at'),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'file_attachments_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('file_attachments_patient_fk', { clinicId: t.clinicId, column: t.patientId }, patients),
    tenantReference('file_attachments_uploaded_by_fk', { clinicId: t.clinicId, column: t.uploadedById }, users),
    tenantReference('file_attachments_deleted_by_fk', { clinicId: t.clinicId, column: t.deletedById }, users),
    index('file_attachments_entity_idx').on(t.clinicId, t.entityType, t.entityId),
    index('file_attachments_patient_idx').on(t.clinicId, t.patientId, t.createdAt),
    index('file_attachments_purge_idx')
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} is not null and ${t.purgedAt} is null`),
    check('file_attachments_entity_type_check', sql`${t.entityType} in ('patient', 'appointment', 'invoice')`),
    check('file_attachments_category_check', sql`${t.category} in ('xray', 'photo', 'document', 'consent')`),
    check('file_attachments_size_check', sql`${t.sizeBytes} >= 0`),
  ],
);
