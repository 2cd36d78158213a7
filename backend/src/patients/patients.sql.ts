import { type Column, sql, type SQL } from 'drizzle-orm';
import { patients } from '../db/schema/index.js';

/**
 * For other modules' queries (the calendar): the display name of the patient a row points at, as one
 * SQL expression, so a page of appointments is named in the same query instead of a second look-up.
 */
export function patientDisplayName(clinicId: Column, patientId: Column): SQL<string> {
  return sql<string>`(select ${patients.firstName} || ' ' || ${patients.lastName} from ${patients} where ${patients.clinicId} = ${clinicId} and ${patients.id} = ${patientId})`;
}
