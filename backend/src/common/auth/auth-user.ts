import type { Role } from '@dental/shared';

/** The claims of a verified access token. Controllers turn them into an Actor (common/actor.ts). */
export interface AuthUser {
  userId: string;
  clinicId: string;
  role: Role;
  /** The login session the token was issued for (binds the CSRF token to it). */
  sessionId: string;
}
