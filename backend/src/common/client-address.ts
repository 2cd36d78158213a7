import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The header the web app's proxy proves itself with (API_PROXY_SECRET, shared by the two processes). */
export const PROXY_SECRET_HEADER = 'x-dental-proxy-secret';

/**
 * The client's address as the API records and rate-limits it. With API_PROXY_SECRET set (npm start
 * sets a random one for the API and the web app), X-Forwarded-For counts only on requests that carry the
 * secret, i.e. that came through the web app's own proxy, and only its last entry (the address that
 * proxy saw); anyone else's X-Forwarded-For is ignored, so a local client cannot pick its address by
 * rotating the header. Otherwise Fastify's `request.ip`, which follows TRUST_PROXY (load balancers).
 */
export function registerClientAddress(fastify: FastifyInstance, proxySecret: string | undefined): void {
  const secret = proxySecret ? Buffer.from(proxySecret) : undefined;
  fastify.decorateRequest('clientIp', '');
  fastify.addHook('onRequest', (request, _reply, done) => {
    request.clientIp = clientAddress(request, secret);
    done();
  });
}

function clientAddress(request: FastifyRequest, secret: Buffer | undefined): string {
  if (!secret) return request.ip;
  const presented = request.headers[PROXY_SECRET_HEADER];
  const fromProxy = typeof presented === 'string' && sameSecret(Buffer.from(presented), secret);
  if (!fromProxy) return request.socket.remoteAddress ?? request.ip;
  const forwarded = request.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').at(-1)?.trim() ?? '';
  return isIP(last) ? last : (request.socket.remoteAddress ?? request.ip);
}

const sameSecret = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
