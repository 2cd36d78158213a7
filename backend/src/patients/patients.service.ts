import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { canBill, identityNumberProblem } from '@dental/shared';
import { Database, type Tx } from '../db/database.js';
import { type Actor, readsClinical } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { newId } from '../common/ids.js';
import { phoneSearchDigits } from '../common/phone.js';
import { AuditService } from '../audit/audit.service.js';
import { LiveEvents } from '../live/live-events.js';
import { ClinicsService } from '../clinics/clinics.service.js';
import { NotificationsService, type PatientContact } from '../notifications/notifications.service.js';
import { type NameCursor, type PatientRecord, PatientsRepository, type PatientStatus } from './patients.repository.js';
import { PatientMergeRegistry, type PatientMerge } from './patient-merge.js';
import {
  CLINICAL_FIELDS,
  type CreatePatient,
  DATE_OF_BIRTH_ERROR,
  IDENTITY_FIELDS,
  type ListPatientsQuery,
  type MergePatient,
  type PatientView,
  type UpdatePatient,
} from './patients.schemas.js';

type Page = { items: PatientView[]; nextCursor: string | null };

/** Fields whose change reaches pending messages (address, language, opt-out). */
const CONTACT_FIELDS = ['email', 'phone', 'preferredLanguage', 'remindersOptOut'] as const;

export interface PatientBillingProfile {
  id: string;
  firstName: string;
  lastName: string;
  nationality: string | null;
  nationalId: string | null;
  email: string | null;
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
/** Live events carry clinical text (the gateway removes it per reader) but never identity numbers. */
const LIVE_VISIBILITY: Visibility = { clinical: true, identity: false };

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
    remindersOptOut: row.remindersOptOut,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    mergedIntoId: row.mergedIntoId,
    lastVisitAt: row.lastVisitAt,
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
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
    private readonly mergeParticipants: PatientMergeRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers a patient. One who looks like a patient already registered (the same phone, or the same
   * name and date of birth) is refused with 409 possible-duplicate listing them, unless the caller says
   * it is someone else (`allowDuplicate`): the picker would otherwise show two identical rows.
   */
  create(actor: Actor, input: CreatePatient): Promise<PatientView> {
    assertMayWriteClinical(actor, input);
    assertIdentityNumber(input.nationalId, input.nationality);
    const { allowDuplicate, ...fields } = input;
    const now = this.clock.now();
    return this.database.transaction(actor, async (tx) => {
      await this.assertBornByToday(actor.clinicId, fields.dateOfBirth);
      const phone = await this.clinics.normalisePhone(actor.clinicId, fields.phone);
      if (!allowDuplicate) {
        const alike = await this.repository.likelyDuplicates(tx, actor.clinicId, { ...fields, phone });
        if (alike.length > 0) {
          throw new ConflictError('possible-duplicate', 'A patient with the same phone, or the same name and date of birth, exists.', {
            duplicates: alike.map(toDuplicateCandidate),
          });
        }
      }
      const row = await this.repository.insert(tx, {
        ...fields,
        phone,
        clinicId: actor.clinicId,
        id: newId(),
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(actor, { action: 'PATIENT_CREATED', entityType: 'patient', entityId: row.id });
      await this.live.publish(tx, actor.clinicId, 'patient.created', toPatientView(row, LIVE_VISIBILITY));
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
      await this.assertBornByToday(actor.clinicId, patch.dateOfBirth);
      if (patch.nationalId !== undefined || patch.nationality !== undefined) {
        assertIdentityNumber(
          patch.nationalId === undefined ? before.nationalId : patch.nationalId,
          patch.nationality ?? before.nationality,
        );
      }
      const changes = { ...patch };
      if (patch.phone !== undefined) changes.phone = await this.clinics.normalisePhone(actor.clinicId, patch.phone);
      const after = await this.repository.update(tx, actor.clinicId, patientId, { ...changes, updatedAt: this.clock.now() });
      const changedFields = (Object.keys(patch) as (keyof UpdatePatient)[]).filter((f) => before[f] !== after[f]);
      if (changedFields.some((f) => (CONTACT_FIELDS as readonly string[]).includes(f))) {
        await this.notifications.patientContactChanged(actor.clinicId, patientId, await this.contactOfRecord(actor.clinicId, after));
      }
      await this.audit.record(actor, {
        action: 'PATIENT_UPDATED',
        entityType: 'patient',
        entityId: patientId,
        metadata: { changedFields },
      });
      await this.live.publish(tx, actor.clinicId, 'patient.updated', toPatientView(after, LIVE_VISIBILITY));
      return toPatientView(after, visibilityFor(actor));
    });
  }

  /** Soft delete: the patient leaves lists and search; appointments and invoices keep pointing at them. */
  archive(actor: Actor, patientId: string): Promise<void> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.findRow(tx, actor.clinicId, patientId, true);
      if (row.archivedAt) return;
      const now = this.clock.now();
      const archived = await this.repository.update(tx, actor.clinicId, patientId, { archivedAt: now, updatedAt: now });
      await this.audit.record(actor, { action: 'PATIENT_ARCHIVED', entityType: 'patient', entityId: patientId });
      await this.live.publish(tx, actor.clinicId, 'patient.updated', toPatientView(archived, LIVE_VISIBILITY));
    });
  }

  /**
   * Merges a duplicate into the patient kept: every module registered in PatientMergeRegistry moves its
   * rows (appointments now; invoices, files and notifications as they land), empty fields of the kept
   * record are filled from the duplicate, clinical text of both is kept, and the duplicate is archived
   * pointing at the one kept. Audited on both; one transaction.
   */
  merge(actor: Actor, keepId: string, input: MergePatient): Promise<PatientView> {
    const fromId = input.duplicateId;
    if (fromId === keepId) {
      throw new ValidationError([{ path: 'duplicateId', code: 'merge_into_itself', message: 'A patient cannot be merged into itself' }]);
    }
    return this.database.transaction(actor, async (tx) => {
      const pair = await this.repository.lockPair(tx, actor.clinicId, [keepId, fromId]);
      const keep = pair.find((p) => p.id === keepId);
      const duplicate = pair.find((p) => p.id === fromId);
      if (!keep || !duplicate) throw new NotFoundError('Patient');
      if (keep.archivedAt) throw new ConflictError('patient-archived', 'The patient to keep is archived.');
      if (duplicate.mergedIntoId) throw new ConflictError('already-merged', 'This patient was already merged into another.');
      const at = this.clock.now();
      const merge: PatientMerge = { clinicId: actor.clinicId, fromId, intoId: keepId, actor, at };
      const moved: Record<string, number> = {};
      for (const participant of this.mergeParticipants.all()) moved[participant.name] = await participant.movePatient(tx, merge);
      const kept = await this.repository.update(tx, actor.clinicId, keepId, { ...mergedFields(keep, duplicate), updatedAt: at });
      const archived = await this.repository.update(tx, actor.clinicId, fromId, {
        archivedAt: duplicate.archivedAt ?? at,
        mergedIntoId: keepId,
        updatedAt: at,
      });
      await this.audit.record(actor, {
        action: 'PATIENT_MERGED',
        entityType: 'patient',
        entityId: keepId,
        metadata: { mergedId: fromId, moved },
      });
      await this.audit.record(actor, {
        action: 'PATIENT_MERGED',
        entityType: 'patient',
        entityId: fromId,
        metadata: { mergedIntoId: keepId },
      });
      await this.live.publish(tx, actor.clinicId, 'patient.merged', { ...toPatientView(archived, LIVE_VISIBILITY), mergedIntoId: keepId });
      await this.live.publish(tx, actor.clinicId, 'patient.updated', toPatientView(kept, LIVE_VISIBILITY));
      return toPatientView(kept, visibilityFor(actor));
    });
  }

  private async contactOfRecord(
    clinicId: string,
    row: Pick<PatientRecord, 'email' | 'phone' | 'preferredLanguage' | 'remindersOptOut'>,
  ): Promise<PatientContact> {
    const locale =
      row.preferredLanguage === 'ar' || row.preferredLanguage === 'en'
        ? row.preferredLanguage
        : (await this.clinics.profile(clinicId)).locale;
    return { email: row.email, phone: row.phone, remindersOptOut: row.remindersOptOut, locale };
  }

  /** For other modules (appointments, billing): the patient if it exists in this clinic, and how to reach them. */
  findActive(clinicId: string, patientId: string): Promise<PatientStatus | undefined> {
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
        email: row.email,
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

  /**
   * A birth date may not be after today in the clinic's time zone, by the injected clock (the schema
   * checks the format and the 1900 bound): the same 400 as the schema's, at `dateOfBirth`.
   */
  private async assertBornByToday(clinicId: string, dateOfBirth: string | null | undefined): Promise<void> {
    if (!dateOfBirth) return;
    const { timezone } = await this.clinics.profile(clinicId);
    const today = DateTime.fromJSDate(this.clock.now(), { zone: timezone }).toISODate()!;
    if (dateOfBirth > today) {
      throw new ValidationError([{ path: 'dateOfBirth', ...DATE_OF_BIRTH_ERROR }]);
    }
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

const toDuplicateCandidate = (row: PatientRecord) => ({
  id: row.id,
  firstName: row.firstName,
  lastName: row.lastName,
  dateOfBirth: row.dateOfBirth,
  phone: row.phone,
  lastVisitAt: row.lastVisitAt,
});

const FILLABLE = ['gender', 'dateOfBirth', 'email', 'phone', 'address', 'preferredLanguage'] as const;

/**
 * What the kept record becomes: its own values, its empty fields filled from the duplicate, and the
 * clinical text of both (an allergy recorded on either record must not be lost).
 */
function mergedFields(keep: PatientRecord, duplicate: PatientRecord) {
  const fields: Partial<Record<(typeof FILLABLE)[number] | (typeof CLINICAL_FIELDS)[number], string | null>> = {};
  for (const field of FILLABLE) if (!keep[field] && duplicate[field]) fields[field] = duplicate[field];
  for (const field of CLINICAL_FIELDS) {
    const mine = keep[field]?.trim();
    const theirs = duplicate[field]?.trim();
    if (theirs && mine !== theirs) fields[field] = mine ? `${mine}\n\n${theirs}` : theirs;
  }
  return fields;
}

const toNameCursor = ([sortName, id]: string[]): NameCursor => ({ sortName: sortName!, id: id! });
