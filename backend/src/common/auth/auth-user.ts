import type { Role } from '../../db/schema/enums.js';

/** Who is calling, as proven by the access token. The clinic comes from here and nowhere else. */
export interface AuthUser {
  userId: string;
  clinicId: string;
  role: Role;
}

/** Where a request came from, for the audit log and refresh-token records. */
export interface RequestMeta {
  ip: string | undefined;
  userAgent: string | undefined;
}
