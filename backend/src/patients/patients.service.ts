import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { Database, type Tx } from '../db/database.js';
import { patients } from '../db/schema/index.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { canReadClinical } from '../common/auth/roles.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { phoneSearchDigits, toE164 } from '../common/phone.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import {
  CLINICAL_FIELDS,
  type CreatePatient,
  type ListPatientsQuery,
  type PatientView,
  type UpdatePatient,
} from './patients.schemas.js';

type PatientRow = typeof patients.$inferSelect;
type Page = { items: PatientView[]; nextCursor: string | null };

const returningView = {
  id: patients.id, firstName: patients.firstName, lastName: patients.lastName, gender: patients.gender,
  dateOfBirth: patients.dateOfBirth, email: patients.email, phone: patients.phone, address: patients.address,
  preferredLanguage: patients.preferredLanguage, allergies: patients.allergies, medicalHistory: patients.medicalHistory,
  notes: patients.notes, archivedAt: patients.archivedAt, createdAt: patients.createdAt, updatedAt: patients.updatedAt,
  sortName: patients.sortName,
};

function toPatientView(row: Omit<PatientRow, 'clinicId' | 'searchText'>, clinical: boolean): PatientView {
  const view: PatientView = {
    id: row.id, firstName: row.firstName, lastName: row.lastName,
    gender: row.gender as PatientView['gender'], dateOfBirth: row.dateOfBirth, email: row.email, phone: row.phone,
    address: row.address, preferredLanguage: row.preferredLanguage,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
  if (clinical) Object.assign(view, { allergies: row.allergies, medicalHistory: row.medicalHistory, notes: row.notes });
  return view;
}

/** `%`, `_` and `\` are literal in a search term. */
const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class PatientsService {
  constructor(
    private readonly database: Database,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
  ) {}

  create(actor: AuthUser, input: CreatePatient, meta: RequestMeta): Promise<PatientView> {
    this.assertMayWriteClinical(actor, input);
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const phone = await this.normalisePhone(actor.clinicId, input.phone);
      const [row] = await tx
        .insert(patients)
        .values({ ...input, phone, clinicId: actor.clinicId, id: newId() })
        .returning(returningView);
      await this.audit.record(actor.clinicId, {
        userId: actor.userId, action: 'PATIENT_CREATED', entityType: 'patient', entityId: row!.id, ip: meta.ip,
      });
      return toPatientView(row!, canReadClinical(actor.role));
    });
  }

  /** Search by part of a name (Arabic or Latin, any case or diacritics), phone or email; alphabetical. */
  list(actor: AuthUser, query: ListPatientsQuery): Promise<Page> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const filters: SQL[] = [eq(patients.clinicId, actor.clinicId)];
      if (!query.includeArchived) filters.push(isNull(patients.archivedAt));
      if (query.q) filters.push(await this.matches(actor.clinicId, query.q));
      if (query.cursor) {
        const [sortName, id] = decodeCursor(query.cursor, 2) as [string, string];
        filters.push(or(gt(patients.sortName, sortName), and(eq(patients.sortName, sortName), gt(patients.id, id)))!);
      }
      const rows = await tx
        .select(returningView)
        .from(patients)
        .where(and(...filters))
        .orderBy(asc(patients.sortName), asc(patients.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const clinical = canReadClinical(actor.role);
      return {
        items: page.map((row) => toPatientView(row, clinical)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.sortName ?? '', last.id) : null,
      };
    });
  }

  /** Reading a patient's record is itself audited (PATIENT_VIEWED). */
  get(actor: AuthUser, patientId: string, meta: RequestMeta): Promise<PatientView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, patientId);
      await this.audit.record(actor.clinicId, {
        userId: actor.userId, action: 'PATIENT_VIEWED', entityType: 'patient', entityId: patientId, ip: meta.ip,
      });
      return toPatientView(row, canReadClinical(actor.role));
    });
  }

  update(actor: AuthUser, patientId: string, patch: UpdatePatient, meta: RequestMeta): Promise<PatientView> {
    this.assertMayWriteClinical(actor, patch);
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const before = await this.findRow(tx, actor.clinicId, patientId, true);
      if (before.archivedAt) throw new ConflictError('patient-archived', 'An archived patient cannot be edited.');
      const changes = { ...patch };
      if (patch.phone !== undefined) changes.phone = await this.normalisePhone(actor.clinicId, patch.phone);
      const [after] = await tx
        .update(patients)
        .set({ ...changes, updatedAt: new Date() })
        .where(and(eq(patients.clinicId, actor.clinicId), eq(patients.id, patientId)))
        .returning(returningView);
      const changedFields = (Object.keys(patch) as (keyof UpdatePatient)[]).filter((f) => before[f] !== after![f]);
      await this.audit.record(actor.clinicId, {
        userId: actor.userId, action: 'PATIENT_UPDATED', entityType: 'patient', entityId: patientId, ip: meta.ip,
        metadata: { changedFields },
      });
      return toPatientView(after!, canReadClinical(actor.role));
    });
  }

  /** Soft delete: the patient leaves lists and search; appointments and invoices keep pointing at them. */
  archive(actor: AuthUser, patientId: string, meta: RequestMeta): Promise<void> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, patientId, true);
      if (row.archivedAt) return;
      await tx
        .update(patients)
        .set({ archivedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(patients.clinicId, actor.clinicId), eq(patients.id, patientId)));
      await this.audit.record(actor.clinicId, {
        userId: actor.userId, action: 'PATIENT_ARCHIVED', entityType: 'patient', entityId: patientId, ip: meta.ip,
      });
    });
  }

  /** For other modules (appointments, billing): the patient if it exists in this clinic. */
  async findActive(clinicId: string, patientId: string): Promise<{ id: string; archived: boolean } | undefined> {
    return this.database.withClinic(clinicId, async (tx) => {
      const [row] = await tx
        .select({ id: patients.id, archivedAt: patients.archivedAt })
        .from(patients)
        .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
      return row && { id: row.id, archived: row.archivedAt !== null };
    });
  }

  private async findRow(tx: Tx, clinicId: string, patientId: string, lock = false) {
    const query = tx.select(returningView).from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw new NotFoundError('Patient');
    return row;
  }

  private async matches(clinicId: string, term: string): Promise<SQL> {
    const { country } = await this.clinics.profile(clinicId);
    const digits = phoneSearchDigits(term, country);
    const needle = digits ?? term;
    return sql`${patients.searchText} like '%' || dental_fold(${escapeLike(needle)}) || '%'`;
  }

  private async normalisePhone(clinicId: string, phone: string | null | undefined): Promise<string | null | undefined> {
    if (phone === undefined || phone === null) return phone;
    const { country } = await this.clinics.profile(clinicId);
    const e164 = toE164(phone, country);
    if (!e164) throw new ValidationError([{ path: 'phone', message: `Must be a valid phone number (national numbers are read as ${country})` }]);
    return e164;
  }

  private assertMayWriteClinical(actor: AuthUser, input: Partial<Record<(typeof CLINICAL_FIELDS)[number], unknown>>): void {
    if (canReadClinical(actor.role)) return;
    const touched = CLINICAL_FIELDS.filter((field) => input[field] !== undefined);
    if (touched.length > 0) throw new ForbiddenError(`Your role may not write clinical fields (${touched.join(', ')}).`);
  }
}
