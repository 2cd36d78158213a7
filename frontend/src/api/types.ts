import type { paths } from './schema';

/** The JSON body of an operation's success response (200 or 201), straight from the OpenAPI document. */
type Ok<Operation> = Operation extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** The JSON request body of an operation. */
type Body<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Clinic = Ok<paths['/api/clinics/me']['get']>;
export type ClinicPatch = Body<paths['/api/clinics/me']['patch']>;
export type User = Ok<paths['/api/users/me']['get']>;
export type Role = User['role'];
export type Patient = Ok<paths['/api/patients/{id}']['get']>;
export type PatientInput = Body<paths['/api/patients']['post']>;
export type Service = Ok<paths['/api/services/{id}']['get']>;
export type ServiceInput = Body<paths['/api/services']['post']>;
export type Appointment = Ok<paths['/api/appointments/{id}']['get']>;
export type AppointmentStatus = Appointment['status'];
export type CalendarEntry = Ok<paths['/api/appointments']['get']>['items'][number];
/** An appointment as the calendar and its dialog use it: a calendar entry and a single appointment both fit. */
export type AppointmentCore = Omit<Appointment, 'cancelledAt' | 'createdAt' | 'updatedAt'>;
export type Slot = Ok<paths['/api/availability']['get']>['slots'][number];
export type Schedule = Ok<paths['/api/staff/{userId}/schedule']['get']>;
export type ScheduleInput = Body<paths['/api/staff/{userId}/schedule']['put']>;
export type Invite = Ok<paths['/api/auth/invite']['post']>;
export type AppointmentsReport = Ok<paths['/api/reports/appointments']['get']>;
export type UtilizationReport = Ok<paths['/api/reports/utilization']['get']>;
export type RevenueReport = Ok<paths['/api/reports/revenue']['get']>;
export type ReceivablesReport = Ok<paths['/api/reports/receivables']['get']>;
export type ReportsSummary = Ok<paths['/api/reports/summary']['get']>;
export type AuditLogEntry = Ok<paths['/api/audit-logs']['get']>['items'][number];
export type Invoice = Ok<paths['/api/invoices/{id}']['get']>;
export type InvoiceSummary = Ok<paths['/api/invoices']['get']>['items'][number];
export type InvoiceStatus = Invoice['status'];
export type InvoiceItem = Invoice['items'][number];
export type InvoiceLineInput = NonNullable<Body<paths['/api/invoices']['post']>['items']>[number];
export type Payment = Invoice['payments'][number];
export type PaymentMethod = Payment['method'];
export type CreditNote = Ok<paths['/api/credit-notes/{id}']['get']>;
export type Statement = Ok<paths['/api/patients/{id}/statement']['get']>;
export type BillingSummary = Ok<paths['/api/billing/summary']['get']>;
export type Notification = Ok<paths['/api/notifications']['get']>['items'][number];
export type NotificationStatus = Notification['status'];
export type DeliveryChannels = Ok<paths['/api/notifications/channels']['get']>;
export type ReminderPreview = Ok<paths['/api/reminders/preview']['get']>;
export type PendingInvite = Ok<paths['/api/auth/invites']['get']>['items'][number];
export type InviteDetails = Ok<paths['/api/auth/invite-details']['post']>;
export type WorkingHours = Ok<paths['/api/availability/working-hours']['get']>;
/** A likely duplicate listed by a 409 possible-duplicate. */
export type DuplicateCandidate = Pick<Patient, 'id' | 'firstName' | 'lastName' | 'dateOfBirth' | 'phone' | 'lastVisitAt'>;
export type FileView = Ok<paths['/api/files/{id}']['get']>;
export type FileCategory = FileView['category'];
export type FileEntityType = FileView['entityType'];
