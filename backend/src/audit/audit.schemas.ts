import { z } from 'zod';
import { idView, instantSchema } from '../common/schemas.js';

export const listAuditLogsQuerySchema = z.strictObject({
  action: z
    .string()
    .regex(/^[A-Z_]{3,40}$/, 'Must be an action such as PATIENT_VIEWED')
    .optional(),
  entityType: z
    .string()
    .regex(/^[a-z_]{2,30}$/)
    .optional(),
  entityId: z.string().max(64).optional(),
  userId: z.uuid().optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListAuditLogsQuery = z.infer<typeof listAuditLogsQuerySchema>;

export const auditLogViewSchema = z.object({
  id: idView,
  userId: idView.nullable(),
  /** The background job that acted, when no person did. */
  systemJob: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.iso.datetime(),
});

export type AuditLogView = z.infer<typeof auditLogViewSchema>;

export const auditLogListSchema = z.object({ items: z.array(auditLogViewSchema), nextCursor: z.string().nullable() });
