import type { AuthUser } from './auth-user.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by JwtAuthGuard (declared with decorateRequest in app.ts). */
    user?: AuthUser;
  }
}
