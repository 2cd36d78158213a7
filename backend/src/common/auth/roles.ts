import type { Role } from '../../db/schema/enums.js';

/** Role groups, named by what they may do (DESIGN.md, "Who uses it"). */
export const MANAGERS: Role[] = ['OWNER', 'ADMIN'];

/** May read and write patients' clinical fields (allergies, medical history, notes). */
export const CLINICAL_STAFF: Role[] = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT'];

/** Register patients and book, move, cancel and check in appointments: everyone but the Accountant. */
export const FRONT_DESK: Role[] = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT', 'RECEPTIONIST'];

/** Can be booked as the treating clinician of an appointment. */
export const PROVIDERS: Role[] = ['DENTIST', 'HYGIENIST'];

export const canReadClinical = (role: Role): boolean => CLINICAL_STAFF.includes(role);
