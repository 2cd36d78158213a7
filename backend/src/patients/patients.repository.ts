import { Injectable } from '@nestjs/common';
import { and, asc, type Column, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { patients } from '../db/schema/index.js';
import { lastVisitAt } from '../appointments/appointments.repository.js';

export type PatientRow = typeof patients.$inferSelect;
export type NewPatientRow = typeof patients.$inferInsert;
export type PatientChanges = Partial<Omit<NewPatientRow, 'clinicId' | 'id' | 'createdAt' | 'searchText' | 'sortName'>>;

/** What the API shows of a patient (the search columns stay in the database). */
const RECORD = {
  id: patients.id,
  firstName: patients.firstName,
  lastName: patients.lastName,
  gender: patients.gender,
  dateOfBirth: patients.dateOfBirth,
  email: patients.email,
  phone: patients.phone,
  address: patients.address,
  preferredLanguage: patients.preferredLanguage,
  nationality: patients.nationality,
  nationalId: patients.nationalId,
  remindersOptOut: patients.remindersOptOut,
  allergies: patients.allergies,
  medicalHistory: patients.medicalHistory,
  notes: patients.notes,
  archivedAt: patients.archivedAt,
  mergedIntoId: patients.mergedIntoId,
  lastVisitAt: lastVisitAt(patients.clinicId, patients.id),
  createdAt: patients.createdAt,
  updatedAt: patients.updatedAt,
  sortName: patients.sortName,
};
export type PatientRecord = Omit<PatientRow, 'clinicId' | 'searchText'> & { lastVisitAt: string | null };

export interface PatientStatus {
  id: string;
  archived: boolean;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  preferredLanguage: string | null;
  remindersOptOut: boolean;
}

/** A page position in name order. */
export interface NameCursor {
  sortName: string;
  id: string;
}

/**
 * For other modules' queries (the calendar): the display name of the patient a row points at, as one
 * SQL expression, so a page of appointments is named in the same query instead of a second look-up.
 */
export function patientDisplayName(clinicId: Column, patientId: Column): SQL<string> {
  return sql<string>`(select ${patients.firstName} || ' ' || ${patients.lastName} from ${patients} where ${patients.clinicId} = ${clinicId} and ${patients.id} = ${patientId})`;
}

/** The patients table's SQL, and its search index (patient_search_terms, kept by a trigger). */
@Injectable()
export class PatientsRepository {
  async insert(tx: Tx, row: NewPatientRow): Promise<PatientRecord> {
    const [created] = await tx.insert(patients).values(row).returning(RECORD);
    return created!;
  }

  async find(tx: Tx, clinicId: string, patientId: string, options: { lock?: boolean } = {}): Promise<PatientRecord | undefined> {
    const query = tx
      .select(RECORD)
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  async update(tx: Tx, clinicId: string, patientId: string, changes: PatientChanges): Promise<PatientRecord> {
    const [row] = await tx
      .update(patients)
      .set(changes)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)))
      .returning(RECORD);
    return row!;
  }

  /** Whether the patient exists in the clinic, and if it is archived. */
  /** Whether the patient exists and is archived, and how to reach them (one query for booking and its reminders). */
  async findStatus(tx: Tx, clinicId: string, patientId: string): Promise<PatientStatus | undefined> {
    const [row] = await tx
      .select({
        id: patients.id,
        archivedAt: patients.archivedAt,
        firstName: patients.firstName,
        lastName: patients.lastName,
        email: patients.email,
        phone: patients.phone,
        preferredLanguage: patients.preferredLanguage,
        remindersOptOut: patients.remindersOptOut,
      })
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
    if (!row) return undefined;
    const { archivedAt, ...rest } = row;
    return { ...rest, archived: archivedAt !== null };
  }

  /**
   * In name order. With `words`, each must occur in the name, email or phone digits: a scan, for lists
   * that include archived patients (they are not in the search index).
   */
  list(
    tx: Tx,
    filter: { clinicId: string; includeArchived: boolean; words?: string[]; after?: NameCursor },
    limit: number,
  ): Promise<PatientRecord[]> {
    const where: SQL[] = [eq(patients.clinicId, filter.clinicId)];
    if (!filter.includeArchived) where.push(isNull(patients.archivedAt));
    for (const word of filter.words ?? []) where.push(sql`${patients.searchText} like '%' || ${word} || '%'`);
    if (filter.after) {
      const { sortName, id } = filter.after;
      where.push(or(gt(patients.sortName, sortName), and(eq(patients.sortName, sortName), gt(patients.id, id)))!);
    }
    return tx
      .select(RECORD)
      .from(patients)
      .where(and(...where))
      .orderBy(asc(patients.sortName), asc(patients.id))
      .limit(limit);
  }

  /**
   * Active patients matching every word, in name order: one index range per word on
   * patient_search_terms ("a suffix starts with the word"), intersected, sorted and paged on the terms'
   * own sort_name; then the page's patients are read by id.
   */
  async search(tx: Tx, clinicId: string, words: string[], after: NameCursor | undefined, limit: number) {
    const perWord = words.map(
      (word) =>
        sql`select patient_id, sort_name from patient_search_terms where clinic_id = ${clinicId} and term >= ${word} and term < ${`${word}\u{10FFFF}`}`,
    );
    const matched = words.length === 1 ? sql`select distinct * from (${perWord[0]}) as w` : sql.join(perWord, sql` intersect `);
    const keys = await tx.execute<{ patient_id: string; sort_name: string }>(sql`
      select patient_id, sort_name from (${matched}) as m
      ${after ? sql`where (sort_name, patient_id) > (${after.sortName}, ${after.id})` : sql``}
      order by sort_name, patient_id limit ${limit}`);
    const ids = keys.rows.map((k) => k.patient_id);
    const rows =
      ids.length === 0
        ? []
        : await tx
            .select(RECORD)
            .from(patients)
            .where(and(eq(patients.clinicId, clinicId), inArray(patients.id, ids)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return keys.rows.flatMap((key) => {
      const row = byId.get(key.patient_id);
      return row ? [{ ...row, sortName: key.sort_name }] : [];
    });
  }

  /**
   * Active patients who are likely the same person: the same phone (E.164), or the same folded name
   * (as sort_name folds it) and date of birth. At most five.
   */
  async likelyDuplicates(
    tx: Tx,
    clinicId: string,
    person: { firstName: string; lastName: string; dateOfBirth?: string | null; phone?: string | null },
  ): Promise<PatientRecord[]> {
    const alike: SQL[] = [];
    if (person.phone) alike.push(eq(patients.phone, person.phone));
    if (person.dateOfBirth) {
      alike.push(
        and(
          eq(patients.dateOfBirth, person.dateOfBirth),
          sql`${patients.sortName} = dental_fold(${person.lastName} || ' ' || ${person.firstName})`,
        )!,
      );
    }
    if (alike.length === 0) return [];
    return tx
      .select(RECORD)
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), isNull(patients.archivedAt), or(...alike)))
      .orderBy(asc(patients.sortName), asc(patients.id))
      .limit(5);
  }

  /** Locks both patients of a merge, in id order (two merges of the same pair queue instead of deadlocking). */
  async lockPair(tx: Tx, clinicId: string, ids: [string, string]): Promise<PatientRecord[]> {
    return tx
      .select(RECORD)
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), inArray(patients.id, ids)))
      .orderBy(asc(patients.id))
      .for('update');
  }

  /** The folded words of a search term, as the index folds names (dental_fold). */
  async foldedWords(tx: Tx, term: string): Promise<string[]> {
    const result = await tx.execute<{ word: string }>(
      sql`select distinct word from regexp_split_to_table(dental_fold(${term}), '[^[:alnum:]]+') as word where word <> ''`,
    );
    return result.rows.map((r) => r.word);
  }
}
