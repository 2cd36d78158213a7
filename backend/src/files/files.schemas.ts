import { z } from 'zod';
import { FILE_CATEGORIES, FILE_ENTITY_TYPES } from '../db/schema/files.js';
import { idView, pageQuerySchema, problemSchema } from '../common/schemas.js';

const idSchema = z.uuid({ message: 'Must be an id' });

/** The text fields of an upload form (they must come before the file in the form). */
export const uploadFieldsSchema = z.strictObject({
  entityType: z.enum(FILE_ENTITY_TYPES),
  entityId: idSchema,
  category: z.enum(FILE_CATEGORIES).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type UploadFields = z.infer<typeof uploadFieldsSchema>;

export const listFilesQuerySchema = pageQuerySchema
  .extend({
    entityType: z.enum(FILE_ENTITY_TYPES).optional(),
    entityId: idSchema.optional(),
    /** Every file of the patient: on the patient, their appointments and their invoices. */
    patientId: idSchema.optional(),
  })
  .refine((q) => (q.entityType === undefined) === (q.entityId === undefined), {
    message: 'Give entityType and entityId together',
    path: ['entityId'],
  })
  .refine((q) => q.patientId !== undefined || q.entityType !== undefined || q.entityId !== undefined, {
    message: 'Give patientId, or entityType and entityId',
    path: ['patientId'],
  });
export type ListFilesQuery = z.infer<typeof listFilesQuerySchema>;

export const contentQuerySchema = z.strictObject({
  /** `1`: always as a download (attachment), even for images and PDF. */
  download: z.enum(['0', '1']).optional(),
});
export type ContentQuery = z.infer<typeof contentQuerySchema>;

export const fileViewSchema = z.object({
  id: idView,
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  category: z.enum(FILE_CATEGORIES),
  note: z.string().nullable(),
  entityType: z.enum(FILE_ENTITY_TYPES),
  entityId: idView,
  patientId: idView.nullable(),
  uploadedById: idView,
  createdAt: z.iso.datetime(),
  /** A thumbnail exists for it (GET files/:id/thumbnail). */
  hasThumbnail: z.boolean(),
});
export type FileView = z.infer<typeof fileViewSchema>;

export const fileListSchema = z.object({ items: z.array(fileViewSchema), nextCursor: z.string().nullable() });
export type FileList = z.infer<typeof fileListSchema>;

/** 413 for a file over FILE_MAX_BYTES names the limit (a request refused before the form is read does not). */
export const fileTooLargeProblemSchema = problemSchema.extend({ maxBytes: z.number().int().optional() });

/** 415 for a file of a type not accepted lists the accepted types, as found in the bytes. */
export const unsupportedFileProblemSchema = problemSchema.extend({ accepted: z.array(z.string()).optional() });
