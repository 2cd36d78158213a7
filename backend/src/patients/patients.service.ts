import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { Database, type Tx } from '../db/database.js';
import { patients } from '../db/schema/index.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { canReadClinical } from '@dental/shared';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { phoneSearchDigits, toE164 } from '../common/phone.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { CLINICAL_FIELDS, type CreatePatient, type ListPatientsQuery, type PatientView, type UpdatePatient } from './patients.schemas.js';

type PatientRow = typeof patients.$inferSelect;
type Page = { items: PatientView[]; nextCursor: string | null };
type PatientListRow = Omit<PatientRow, 'clinicId' | 'searchText'>;

const returningView = {
  id: patients.id,
  firstName: patients.firstName,
  lastName: patients.lastName,
  gender: patients.gender,
  dateOfBirth: patients.dateOfBirth,
  email: patients.email,
  phone: patients.phone,
  address: patients.address,
  preferredLanguage: patients.preferredLanguage,
  allergies: patients.allergies,
  medicalHistory: patients.medicalHistory,
  notes: patients.notes,
  archivedAt: patients.archivedAt,
  createdAt: patients.createdAt,
  updatedAt: patients.updatedAt,
  sortName: patients.sortName,
};

function toPatientView(row: PatientListRow, clinical: boolean): PatientView {
  const view: PatientView = {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    gender: row.gender as PatientView['gender'],
    dateOfBirth: row.dateOfBirth,
    email: row.email,
    phone: row.phone,
    address: row.address,
    preferredLanguage: row.preferredLanguage,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (clinical) Object.assign(view, { allergies: row.allergies, medicalHistory: row.medicalHistory, notes: row.notes });
  return view;
}

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
        userId: actor.userId,
        action: 'PATIENT_CREATED',
        entityType: 'patient',
        entityId: row!.id,
        ip: meta.ip,
      });
      return toPatientView(row!, canReadClinical(actor.role));
    });
  }

  /**
   * Alphabetical list, or search by part of a name (Arabic or Latin, any case or diacritics), phone or
   * email: every word of the term must occur in the patient's name, email or phone digits.
   */
  list(actor: AuthUser, query: ListPatientsQuery): Promise<Page> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const words = query.q ? await this.searchWords(tx, actor.clinicId, query.q) : undefined;
      if (words?.length === 0) return { items: [], nextCursor: null };
      if (words && !query.includeArchived) return this.searchActive(tx, actor, words, query);
      const filters: SQL[] = [eq(patients.clinicId, actor.clinicId)];
      if (!query.includeArchived) filters.push(isNull(patients.archivedAt));
      // Archived patients are not in the search index: scan (an occasional, administrative search).
      for (const word of words ?? []) filters.push(sql`${patients.searchText} like '%' || ${word} || '%'`);
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
      return this.page(actor, rows, query.limit);
    });
  }

  /**
   * One index range per word on patient_search_terms ("a suffix starts with the word"), intersected,
   * sorted and paged on the terms' own sort_name; then the page's patients are read by id.
   */
  private async searchActive(tx: Tx, actor: AuthUser, words: string[], query: ListPatientsQuery): Promise<Page> {
    const clinicId = actor.clinicId;
    const perWord = words.map(
      (word) =>
        sql`select patient_id, sort_name from patient_search_terms where clinic_id = ${clinicId} and term >= ${word} and term < ${`${word}\u{10FFFF}`}`,
    );
    const matched = words.length === 1 ? sql`select distinct * from (${perWord[0]}) as w` : sql.join(perWord, sql` intersect `);
    const after = query.cursor ? (decodeCursor(query.cursor, 2) as [string, string]) : undefined;
    const keys = await tx.execute<{ patient_id: string; sort_name: string }>(sql`
      select patient_id, sort_name from (${matched}) as m
      ${after ? sql`where (sort_name, patient_id) > (${after[0]}, ${after[1]})` : sql``}
      order by sort_name, patient_id limit ${query.limit + 1}`);
    const ids = keys.rows.slice(0, query.limit).map((k) => k.patient_id);
    const rows =
      ids.length === 0
        ? []
        : await tx
            .select(returningView)
            .from(patients)
            .where(and(eq(patients.clinicId, clinicId), inArray(patients.id, ids)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const clinical = canReadClinical(actor.role);
    const last = keys.rows[query.limit - 1];
    return {
      items: ids.flatMap((id) => (byId.has(id) ? [toPatientView(byId.get(id)!, clinical)] : [])),
      nextCursor: keys.rows.length > query.limit && last ? encodeCursor(last.sort_name, last.patient_id) : null,
    };
  }

  private page(actor: AuthUser, rows: PatientListRow[], limit: number): Page {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const clinical = canReadClinical(actor.role);
    return {
      items: page.map((row) => toPatientView(row, clinical)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.sortName ?? '', last.id) : null,
    };
  }

  /** Reading a patient's record is itself audited (PATIENT_VIEWED). */
  get(actor: AuthUser, patientId: string, meta: RequestMeta): Promise<PatientView> {
    return this.database.withClinic(actor.clinicId, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, patientId);
      await this.audit.record(actor.clinicId, {
        userId: actor.userId,
        action: 'PATIENT_VIEWED',
        entityType: 'patient',
        entityId: patientId,
        ip: meta.ip,
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
        userId: actor.userId,
        action: 'PATIENT_UPDATED',
        entityType: 'patient',
        entityId: patientId,
        ip: meta.ip,
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
        userId: actor.userId,
        action: 'PATIENT_ARCHIVED',
        entityType: 'patient',
        entityId: patientId,
        ip: meta.ip,
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
    const query = tx
      .select(returningView)
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw new NotFoundError('Patient');
    return row;
  }

  /** The folded words of a search term, or the digits of a phone-like one. */
  private async searchWords(tx: Tx, clinicId: string, term: string): Promise<string[]> {
    const { country } = await this.clinics.profile(clinicId);
    const digits = phoneSearchDigits(term, country);
    if (digits) return [digits];
    const result = await tx.execute<{ word: string }>(
      sql`select distinct word from regexp_split_to_table(dental_fold(${term}), '[^[:alnum:]]+') as word where word <> ''`,
    );
    return result.rows.map((r) => r.word);
  }

  private async normalisePhone(clinicId: string, phone: string | null | undefined): Promise<string | null | undefined> {
    if (phone === undefined || phone === null) return phone;
    const { country } = await this.clinics.profile(clinicId);
    const e164 = toE164(phone, country);
    if (!e164)
      throw new ValidationError([{ path: 'phone', message: `Must be a valid phone number (national numbers are read as ${country})` }]);
    return e164;
  }

  private assertMayWriteClinical(actor: AuthUser, input: Partial<Record<(typeof CLINICAL_FIELDS)[number], unknown>>): void {
    if (canReadClinical(actor.role)) return;
    const touched = CLINICAL_FIELDS.filter((field) => input[field] !== undefined);
    if (touched.length > 0) throw new ForbiddenError(`Your role may not write clinical fields (${touched.join(', ')}).`);
  }
}
