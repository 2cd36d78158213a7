/** Staff roles (the seed's Role enum) and the groups that say what each may do (DESIGN.md, "Who uses it"). */
export const ROLES = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT', 'RECEPTIONIST', 'ACCOUNTANT'] as const;
export type Role = (typeof ROLES)[number];

type RoleGroup = readonly Role[];

/** Clinic settings, staff and roles. */
export const MANAGERS: RoleGroup = ['OWNER', 'ADMIN'];

/** Read and write patients' clinical fields (allergies, medical history, notes, appointment notes). */
export const CLINICAL_STAFF: RoleGroup = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT'];

/** Register patients and book, move, cancel and check in appointments: everyone but the Accountant. */
export const FRONT_DESK: RoleGroup = ['OWNER', 'ADMIN', 'DENTIST', 'HYGIENIST', 'ASSISTANT', 'RECEPTIONIST'];

/** Can be booked as the treating clinician of an appointment. */
export const PROVIDERS: RoleGroup = ['DENTIST', 'HYGIENIST'];

/** Invoices, payments, refunds and credit notes. */
export const BILLING: RoleGroup = ['OWNER', 'ADMIN', 'ACCOUNTANT', 'RECEPTIONIST'];

/** See and resend the messages sent to patients (reminders, invoices): the notifications log and outbox. */
export const MESSAGING: RoleGroup = ['OWNER', 'ADMIN', 'RECEPTIONIST'];

/** Read the messages log: messaging staff as above; billing staff outside it (the Accountant) only invoice emails. */
export const MESSAGE_READERS: RoleGroup = ['OWNER', 'ADMIN', 'RECEPTIONIST', 'ACCOUNTANT'];

/** Read reports: Owner, Admin and Accountant every row; a Dentist or Hygienist only their own rows. */
export const REPORT_READERS: RoleGroup = ['OWNER', 'ADMIN', 'ACCOUNTANT', 'DENTIST', 'HYGIENIST'];

/** Read every row of a report (the clinic's figures, not only their own). */
export const REPORT_ALL_ROWS: RoleGroup = ['OWNER', 'ADMIN', 'ACCOUNTANT'];

/** Upload, view and delete files on patients and appointments (radiographs, photos, consent forms): not the Accountant. */
export const PATIENT_FILES: RoleGroup = FRONT_DESK;

/** Upload, view and delete files on invoices. */
export const INVOICE_FILES: RoleGroup = BILLING;

export const isManager = (role: Role): boolean => MANAGERS.includes(role);
export const isFrontDesk = (role: Role): boolean => FRONT_DESK.includes(role);
export const canReadClinical = (role: Role): boolean => CLINICAL_STAFF.includes(role);
export const isProvider = (role: Role): boolean => PROVIDERS.includes(role);
export const readsReports = (role: Role): boolean => REPORT_READERS.includes(role);
export const readsAllReports = (role: Role): boolean => REPORT_ALL_ROWS.includes(role);
export const canBill = (role: Role): boolean => BILLING.includes(role);
export const canMessage = (role: Role): boolean => MESSAGING.includes(role);
