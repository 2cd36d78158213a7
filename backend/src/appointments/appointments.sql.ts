import { type Column, getTableName, sql, type SQL } from 'drizzle-orm';
import { isoFromPgText } from '../common/instants.js';

/** "table"."column": Drizzle leaves a single-table select's columns unqualified, which a subquery would read as its own. */
const qualified = (column: Column): SQL => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

/**
 * For other modules' queries (patient lists and pickers): when the patient last came, as one SQL
 * expression, so a page of patients carries it without a second query or a look into this module's
 * table from outside. A visit is an appointment the patient arrived for (checked in, in treatment,
 * completed); the (clinic_id, patient_id, start_at) index answers it.
 */
export function lastVisitAt(clinicId: Column, patientId: Column): SQL<string | null> {
  return sql<
    string | null
  >`(select max(visit.start_at) from appointments visit where visit.clinic_id = ${qualified(clinicId)} and visit.patient_id = ${qualified(patientId)} and visit.status in ('checked_in', 'in_progress', 'completed'))`.mapWith(
    (text: string | null) => (text === null ? null : isoFromPgText(text)),
  );
}
