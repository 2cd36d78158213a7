import { foreignKey, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, tenantColumns, tenantPrimaryKey, tenantReference } from './columns.js';
import { clinics } from './clinics.js';
import { users } from './users.js';

/** Append-only: the API role may insert and read, never update or delete (migration 0001). */
export const auditLogs = pgTable(
  'audit_logs',
  {
    ...tenantColumns(),
    /** The staff member who acted; null for a system job (system_job names it) or before login. */
    userId: text('user_id'),
    systemJob: text('system_job'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    ipAddress: text('ip_address'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    foreignKey({ name: 'audit_logs_clinic_fk', columns: [t.clinicId], foreignColumns: [clinics.id] }),
    tenantReference('audit_logs_user_fk', { clinicId: t.clinicId, column: t.userId }, users),
    index('audit_logs_created_idx').on(t.clinicId, t.createdAt),
    index('audit_logs_entity_idx').on(t.clinicId, t.entityType, t.entityId),
  ],
);
