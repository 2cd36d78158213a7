import type { AuthUser } from './auth-user.js';
import type { RouteTable } from '../method-not-allowed.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Which methods each path answers (common/method-not-allowed.ts). */
    routeTable?: RouteTable;
  }

  interface FastifyRequest {
    /** Set by JwtAuthGuard (declared with decorateRequest in app.ts). */
    user?: AuthUser;
    /** The client's address (common/client-address.ts): what is audited and rate-limited. */
    clientIp: string;
  }
}
