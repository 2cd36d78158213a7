import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from './errors.js';

/** JSON's first non-blank character in body-parser's strict mode: only objects and arrays. */
const STRICT_JSON_START = /^[ \t\n\r]*[{[]/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

const malformedJson = () => new DomainError(400, 'malformed-json', 'Bad Request', 'The request body is not valid JSON.');

const INFLATE: Record<string, (() => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress) | undefined> = {
  gzip: zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
};

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type);
}

/**
 * The request bodies the API reads, parsed as Express's body-parser json() did: only application/json,
 * in UTF-8 (another charset is a 415), gzip/deflate/br bodies inflated (limit on the inflated size), an
 * empty body is `{}`, only an object or array at the top (else malformed JSON, 400), and a body of any
 * other type is not read at all (the route sees no body, as on Express, rather than Fastify's 415).
 * The 1 MiB limit is the server's bodyLimit (413 before the body is read when Content-Length says so).
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(
        new DomainError(415, 'unsupported-charset', 'Unsupported Media Type', 'The request charset is not supported.'),
        undefined,
      );
    }
    const text = body as string;
    if (text.length === 0) return done(null, {});
    if (!STRICT_JSON_START.test(text)) return done(malformedJson(), undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(malformedJson(), undefined);
    }
  });
  // Anything else is left unread (Node discards it once the response is sent).
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding']?.toLowerCase();
    if (encoding === undefined || encoding === 'identity' || !isJson(request)) return done(null, payload);
    const inflate = INFLATE[encoding];
    if (!inflate) {
      return done(
        new DomainError(415, 'unsupported-encoding', 'Unsupported Media Type', 'The request encoding is not supported.'),
        payload,
      );
    }
    // Piped by hand: a corrupt stream reaches Fastify (and ProblemFilter) as the client's fault, the
    // 400 body-parser gave; `receivedEncodedLength` is what Fastify compares with Content-Length, while
    // its body limit applies to the inflated bytes.
    const inflated = inflate();
    const body = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
    payload.on('data', (chunk: Buffer) => (body.receivedEncodedLength += chunk.length));
    payload.on('error', (error) => body.destroy(error));
    inflated.on('error', (error) => body.destroy(new DomainError(400, 'bad-request', 'Bad Request', error.message)));
    payload.pipe(inflated).pipe(body);
    done(null, body);
  });
}
