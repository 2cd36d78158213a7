import type { FastifyInstance } from 'fastify';

/**
 * Headers on every API response, the streamed ones included (set on the Node response before anything
 * is written): nothing the API answers may be cached (patient data), no content sniffing, no framing or
 * referrer leaks, and in production HSTS. A route may still set its own Cache-Control (files say
 * `private, no-store`).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, production: boolean): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    raw.setHeader('Cache-Control', 'no-store');
    raw.setHeader('X-Content-Type-Options', 'nosniff');
    raw.setHeader('X-Frame-Options', 'DENY');
    raw.setHeader('Referrer-Policy', 'no-referrer');
    if (production) raw.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    done();
  });
}
