import { z } from 'zod';
import { coded } from '../common/error-codes.js';
import {
  atLeastOneField,
  countrySchema,
  emailSchema,
  emailView,
  idView,
  isoDateSchema,
  localeSchema,
  pageQuerySchema,
  personNameSchema,
  problemSchema,
  storedPhoneView,
} from '../common/schemas.js';

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const CLINICAL_FIELDS = ['allergies', 'medicalHistory', 'notes'] as const;
/** Identity fields billing needs (ZATCA's buyer id); other roles neither see nor write them. */
export const IDENTITY_FIELDS = ['nationalId'] as const;

const clinicalText = z.string().trim().max(10_000).nullable();
/** A birth date is from 1900 (checked here) to the clinic's today by the injected clock (PatientsService checks that). */
export const DATE_OF_BIRTH_ERROR = { code: 'invalid_date_of_birth', message: 'Must be a past date after 1900' } as const;
const dateOfBirthSchema = isoDateSchema.refine((d) => d >= '1900-01-01', coded(DATE_OF_BIRTH_ERROR.code, DATE_OF_BIRTH_ERROR.message));

const patientFields = {
  firstName: personNameSchema,
  lastName: personNameSchema,
  gender: z.enum(GENDERS).nullable().optional(),
  dateOfBirth: dateOfBirthSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  /** Any common notation; stored as E.164, national numbers read in the clinic's country. */
  phone: z
    .string()
    .trim()
    .min(3)
    .max(32)
    .meta({
      description:
        "Any common notation (+966 50 123 4567, 050 123 4567, 00966501234567); a national number is read in the clinic's country. Must be a valid number without an extension; stored and returned as E.164.",
    })
    .nullable()
    .optional(),
  address: z.string().trim().max(500).nullable().optional(),
  preferredLanguage: localeSchema.nullable().optional(),
  /** ISO 3166 country; Saudi patients' invoices may be zero-rated (VATEX-SA-HEA). */
  nationality: countrySchema.nullable().optional(),
  /** National ID, Iqama or passport number; written and read by billing and admin roles only. */
  nationalId: z.string().trim().toUpperCase().min(1).max(20).nullable().optional(),
  /** The patient asked not to receive appointment reminders (pending ones are skipped). */
  remindersOptOut: z.boolean().optional(),
  allergies: clinicalText.optional(),
  medicalHistory: clinicalText.optional(),
  notes: clinicalText.optional(),
};

export const createPatientSchema = z.strictObject({
  ...patientFields,
  /** Create it although a patient with the same phone, or the same name and date of birth, exists (else 409 possible-duplicate). */
  allowDuplicate: z.boolean().optional(),
});
export type CreatePatient = z.infer<typeof createPatientSchema>;

export const updatePatientSchema = z
  .strictObject({ ...patientFields, firstName: personNameSchema.optional(), lastName: personNameSchema.optional() })
  .refine(atLeastOneField.check, atLeastOneField.params)
  .meta(atLeastOneField.meta);
export type UpdatePatient = z.infer<typeof updatePatientSchema>;

export const mergePatientSchema = z.strictObject({
  /** The duplicate: its appointments (and, as modules join, invoices, files, notifications) move to the patient in the path, and it is archived. */
  duplicateId: z.uuid({ message: 'Must be an id' }),
});
export type MergePatient = z.infer<typeof mergePatientSchema>;

export const listPatientsQuerySchema = pageQuerySchema.extend({
  /** Part of a name (Arabic or Latin), a phone number or an email. */
  q: z.string().trim().min(1).max(100).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListPatientsQuery = z.infer<typeof listPatientsQuerySchema>;

export const patientViewSchema = z.object({
  id: idView,
  firstName: z.string(),
  lastName: z.string(),
  gender: z.enum(GENDERS).nullable(),
  dateOfBirth: z.iso.date().nullable(),
  email: emailView.nullable(),
  phone: storedPhoneView.nullable(),
  address: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  nationality: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  /** Present only for billing and admin roles (Owner, Admin, Accountant, Receptionist). */
  nationalId: z.string().nullable().optional(),
  remindersOptOut: z.boolean(),
  /** Clinical fields are present only for roles allowed to read them (not Receptionist or Accountant). */
  allergies: z.string().nullable().optional(),
  medicalHistory: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  archivedAt: z.iso.datetime().nullable(),
  /** Set on a duplicate that was merged into another patient (it is archived). */
  mergedIntoId: idView.nullable(),
  /** When the patient last came (checked in, treated or completed), for telling namesakes apart. */
  lastVisitAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PatientView = z.infer<typeof patientViewSchema>;

/** A likely duplicate, as a 409 possible-duplicate lists it (contact data only). */
export const duplicateCandidateSchema = patientViewSchema.pick({
  id: true,
  firstName: true,
  lastName: true,
  dateOfBirth: true,
  phone: true,
  lastVisitAt: true,
});

/** 409 possible-duplicate on registering: the patients it may be (register anyway with allowDuplicate). */
export const possibleDuplicateProblemSchema = problemSchema.extend({ duplicates: z.array(duplicateCandidateSchema).optional() });

/** 409 merge-conflict: the two patients' appointments at the same time. */
export const mergeConflictProblemSchema = problemSchema.extend({ conflictingAppointmentIds: z.array(idView).optional() });

export const patientListSchema = z.object({ items: z.array(patientViewSchema), nextCursor: z.string().nullable() });
