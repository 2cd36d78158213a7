import { Injectable } from '@nestjs/common';
import { canBill, identityNumberProblem } from '@dental/shared';
import { Database, type Tx } from '../db/database.js';
import { type Actor, readsClinical } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { phoneProblem, phoneSearchDigits, toE164 } from '../common/phone.js';
import { AuditService } from '../audit/audit.service.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { type NameCursor, type PatientRecord, PatientsRepository } from './patients.repository.js';
import {
  CLINICAL_FIELDS,
  type CreatePatient,
  IDENTITY_FIELDS,
  type ListPatientsQuery,
  type PatientView,
  type UpdatePatient,
} from './patients.schemas.js';

type Page = { items: PatientView[]; nextCursor: string | null };

export interface PatientBillingProfile {
  id: string;
  firstName: string;
  lastName: string;
  nationality: string | null;
  nationalId: string | null;
  preferredLanguage: string | null;
  archived: boolean;
}

/** National IDs are for billing and admin roles (and jobs). */
const readsIdentity = (actor: Actor): boolean => actor.kind === 'system' || canBill(actor.role);

interface Visibility {
  clinical: boolean;
  identity: boolean;
}
const visibilityFor = (actor: Actor): Visibility => ({ clinical: readsClinical(actor), identity: readsIdentity(actor) });

function toPatientView(row: PatientRecord, visible: Visibility): PatientView {
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
    nationality: row.nationality,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (visible.identity) view.nationalId = row.nationalId;
  if (visible.clinical) Object.assign(view, { allergies: row.allergies, medicalHistory: row.medicalHistory, notes: row.notes });
  return view;
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly database: Database,
    private readonly repository: PatientsRepository,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, input: CreatePatient): Promise<PatientView> {
    assertMayWriteClinical(actor, input);
    assertIdentityNumber(input.nationalId, input.nationality);
    const now = this.clock.now();
    return this.database.transaction(actor, async (tx) => {
      const phone = await this.normalisePhone(actor.clinicId, input.phone);
      const row = await this.repository.insert(tx, {
        ...input,
        phone,
        clinicId: actor.clinicId,
        id: newId(),
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(actor, { action: 'PATIENT_CREATED', entityType: 'patient', entityId: row.id });
      return toPatientView(row, visibilityFor(actor));
    });
  }

  /**
   * Alphabetical list, or search by part of a name (Arabic or Latin, any case or diacritics), phone or
   * email: every word of the term must occur in the patient's name, email or phone digits.
   */
  list(actor: Actor, query: ListPatientsQuery): Promise<Page> {
    const after = query.cursor ? toNameCursor(decodeCursor(query.cursor, 2)) : undefined;
    return this.database.transaction(actor, async (tx) => {
      const words = query.q ? await this.searchWords(tx, actor.clinicId, query.q) : undefined;
      if (words?.length === 0) return { items: [], nextCursor: null };
      const filter = { clinicId: actor.clinicId, includeArchived: query.includeArchived ?? false, words, after };
      // Archived patients are not in the search index: that (occasional, administrative) search scans.
      const rows =
        words && !filter.includeArchived
          ? await this.repository.search(tx, actor.clinicId, words, after, query.limit + 1)
          : await this.repository.list(tx, filter, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const visible = visibilityFor(actor);
      return {
        items: page.map((row) => toPatientView(row, visible)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.sortName ?? '', last.id) : null,
      };
    });
  }

  /** Reading a patient's record is itself audited (PATIENT_VIEWED). */
  get(actor: Actor, patientId: string): Promise<PatientView> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, patientId);
      await this.audit.record(actor, { action: 'PATIENT_VIEWED', entityType: 'patient', entityId: patientId });
      return toPatientView(row, visibilityFor(actor));
    });
  }

  update(actor: Actor, patientId: string, patch: UpdatePatient): Promise<PatientView> {
    assertMayWriteClinical(actor, patch);
    return this.database.transaction(actor, async (tx) => {
      const before = await this.findRow(tx, actor.clinicId, patientId, true);
      if (before.archivedAt) throw new ConflictError('patient-archived', 'An archived patient cannot be edited.');
      if (patch.nationalId !== undefined || patch.nationality !== undefined) {
        assertIdentityNumber(
          patch.nationalId === undefined ? before.nationalId : patch.nationalId,
          patch.nationality ?? before.nationality,
        );
      }
      const changes = { ...patch };
      if (patch.phone !== undefined) changes.phone = await this.normalisePhone(actor.clinicId, patch.phone);
      const after = await this.repository.update(tx, actor.clinicId, patientId, { ...changes, updatedAt: this.clock.now() });
      const changedFields = (Object.keys(patch) as (keyof UpdatePatient)[]).filter((f) => before[f] !== after[f]);
      await this.audit.record(actor, {
        action: 'PATIENT_UPDATED',
        entityType: 'patient',
        entityId: patientId,
        metadata: { changedFields },
      });
      return toPatientView(after, visibilityFor(actor));
    });
  }

  /** Soft delete: the patient leaves lists and search; appointments and invoices keep pointing at them. */
  archive(actor: Actor, patientId: string): Promise<void> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, patientId, true);
      if (row.archivedAt) return;
      const now = this.clock.now();
      await this.repository.update(tx, actor.clinicId, patientId, { archivedAt: now, updatedAt: now });
      await this.audit.record(actor, { action: 'PATIENT_ARCHIVED', entityType: 'patient', entityId: patientId });
    });
  }

  /** For other modules (appointments, billing): the patient if it exists in this clinic. */
  findActive(clinicId: string, patientId: string): Promise<{ id: string; archived: boolean } | undefined> {
    return this.database.withClinic(clinicId, (tx) => this.repository.findStatus(tx, clinicId, patientId));
  }

  /** For billing: who an invoice is addressed to (name, nationality and identity number for VAT and ZATCA). */
  async billingProfile(clinicId: string, patientId: string): Promise<PatientBillingProfile | undefined> {
    const row = await this.database.withClinic(clinicId, (tx) => this.repository.find(tx, clinicId, patientId));
    return (
      row && {
        id: row.id,
        firstName: row.firstName,
        lastName: row.lastName,
        nationality: row.nationality,
        nationalId: row.nationalId,
        preferredLanguage: row.preferredLanguage,
        archived: row.archivedAt !== null,
      }
    );
  }

  private async findRow(tx: Tx, clinicId: string, patientId: string, lock = false): Promise<PatientRecord> {
    const row = await this.repository.find(tx, clinicId, patientId, { lock });
    if (!row) throw new NotFoundError('Patient');
    return row;
  }

  /** The folded words of a search term, or the digits of a phone-like one. */
  private async searchWords(tx: Tx, clinicId: string, term: string): Promise<string[]> {
    const { country } = await this.clinics.profile(clinicId);
    const digits = phoneSearchDigits(term, country);
    return digits ? [digits] : this.repository.foldedWords(tx, term);
  }

  private async normalisePhone(clinicId: string, phone: string | null | undefined): Promise<string | null | undefined> {
    if (phone === undefined || phone === null) return phone;
    const { country } = await this.clinics.profile(clinicId);
    const problem = phoneProblem(phone, country);
    if (problem) throw new ValidationError([{ path: 'phone', message: problem }]);
    return toE164(phone, country);
  }
}

function assertMayWriteClinical(
  actor: Actor,
  input: Partial<Record<(typeof CLINICAL_FIELDS)[number] | (typeof IDENTITY_FIELDS)[number], unknown>>,
): void {
  const clinical = readsClinical(actor) ? [] : CLINICAL_FIELDS.filter((field) => input[field] !== undefined);
  if (clinical.length > 0) throw new ForbiddenError(`Your role may not write clinical fields (${clinical.join(', ')}).`);
  const identity = readsIdentity(actor) ? [] : IDENTITY_FIELDS.filter((field) => input[field] !== undefined);
  if (identity.length > 0) throw new ForbiddenError(`Your role may not write identity fields (${identity.join(', ')}).`);
}

/** The number must fit the nationality: a Saudi's is a national ID, a resident's Iqama has a valid check digit. */
function assertIdentityNumber(nationalId: string | null | undefined, nationality: string | null | undefined): void {
  const problem = nationalId ? identityNumberProblem(nationalId, nationality) : undefined;
  if (problem) throw new ValidationError([{ path: 'nationalId', message: problem }]);
}

const toNameCursor = ([sortName, id]: string[]): NameCursor => ({ sortName: sortName!, id: id! });
