import { canReadClinical, type Role } from '@dental/shared';

/** Where a request came from, for the audit log and refresh-token records. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

/** A staff member, as proven by their access token, acting through a request (or a script on their behalf). */
export interface UserActor {
  kind: 'user';
  clinicId: string;
  userId: string;
  role: Role;
  request?: RequestMeta;
}

/** The platform itself, running a named job for a clinic (reminders, overdue invoices, purges). */
export interface SystemActor {
  kind: 'system';
  clinicId: string;
  job: string;
}

/** Who a use case acts for. The clinic comes from here and nowhere else. */
export type Actor = UserActor | SystemActor;

export const userActor = (user: { userId: string; clinicId: string; role: Role }, request?: RequestMeta): UserActor => ({
  kind: 'user',
  clinicId: user.clinicId,
  userId: user.userId,
  role: user.role,
  ...(request ? { request } : {}),
});

export const systemActor = (clinicId: string, job: string): SystemActor => ({ kind: 'system', clinicId, job });

/**
 * Whether the actor may act as one of `roles`. Roles limit people; a system job runs trusted code
 * that does only what its job is for.
 */
export const actsAs = (actor: Actor, roles: readonly Role[]): boolean => actor.kind === 'system' || roles.includes(actor.role);

/** The staff member behind the action, if a person acts. */
export const actingUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

/** Clinical text (allergies, histories, notes) is for clinical roles; a system job sees what its work needs. */
export const readsClinical = (actor: Actor): boolean => actor.kind === 'system' || canReadClinical(actor.role);
