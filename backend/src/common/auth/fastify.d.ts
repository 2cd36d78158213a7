import type { AuthUser } from './auth-user.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by JwtAuthGuard (declared with decorateRequest in app.ts). */
    user?: AuthUser;
    /** The client's address (common/client-address.ts): what is audited and rate-limited. */
    clientIp: string;
  }
}
