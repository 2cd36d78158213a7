import { canReadClinical, type Role } from '@dental/shared';

/**
 * What travels over /api/live. Pure: the shape of a message, how it is packed into a PostgreSQL NOTIFY
 * payload, and what each role may see of it. A module that publishes a new kind of event adds its type
 * here. Billing and file events carry only ids (the screens showing them refetch) and go to the roles
 * that may see invoices or patient files.
 */
export type LiveEventType =
  | 'appointment.created'
  | 'appointment.updated'
  | 'appointment.cancelled'
  | 'appointment.status_changed'
  | 'patient.created'
  | 'patient.updated'
  | 'patient.merged'
  | 'invoice.created'
  | 'invoice.updated'
  | 'invoice.deleted'
  | 'file.created'
  | 'file.deleted'
  /** Billing roles only: an invoice fell overdue (the daily job, once per invoice). */
  | 'invoice.overdue'
  /** Not sent to clients: the user's sockets are closed (disabled, role changed). */
  | 'session.ended';

/** Types the gateway acts on itself instead of forwarding. */
export const CONTROL_TYPES: ReadonlySet<LiveEventType> = new Set(['session.ended']);

/** Every event names the row it is about. */
export type LiveData = { id: string } & Record<string, unknown>;

/** A message as a client receives it: JSON `{type, data}`. */
export interface LiveMessage {
  type: LiveEventType;
  data: LiveData;
}

/** A published event on its way between API processes. */
export interface LiveEnvelope {
  clinicId: string;
  type: LiveEventType;
  data: LiveData;
  /** Only these roles receive it (all staff of the clinic when absent). */
  audience?: readonly Role[];
  /** The data was too large for NOTIFY and holds only the id: clients refetch. */
  partial?: boolean;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7900;

/** Fields that carry clinical text: only clinical roles read them (as in the REST responses). */
const CLINICAL_FIELDS = ['notes', 'allergies', 'medicalHistory'] as const;

/** The NOTIFY payload of an event; an event too large for NOTIFY travels as its id only. */
export function packEnvelope(envelope: LiveEnvelope): string {
  const full = JSON.stringify(envelope);
  if (Buffer.byteLength(full) <= MAX_NOTIFY_BYTES) return full;
  return JSON.stringify({ ...envelope, data: { id: envelope.data.id }, partial: true } satisfies LiveEnvelope);
}

/** The envelope in a NOTIFY payload, or undefined for anything that is not one. */
export function unpackEnvelope(payload: string): LiveEnvelope | undefined {
  try {
    const value = JSON.parse(payload) as Partial<LiveEnvelope>;
    if (typeof value.clinicId !== 'string' || typeof value.type !== 'string' || typeof value.data?.id !== 'string') return undefined;
    return value as LiveEnvelope;
  } catch {
    return undefined;
  }
}

/** Whether a staff member with `role` receives the event at all. */
export const reaches = (envelope: LiveEnvelope, role: Role): boolean => !envelope.audience || envelope.audience.includes(role);

/** The message a role receives: clinical fields removed for the roles that may not read them. */
export function messageFor(envelope: LiveEnvelope, role: Role): LiveMessage {
  const data = canReadClinical(role) ? envelope.data : withoutClinical(envelope.data);
  return envelope.partial ? { type: envelope.type, data: { ...data, partial: true } } : { type: envelope.type, data };
}

function withoutClinical(data: LiveData): LiveData {
  if (!CLINICAL_FIELDS.some((field) => field in data)) return data;
  const copy: LiveData = { ...data };
  for (const field of CLINICAL_FIELDS) delete copy[field];
  return copy;
}
