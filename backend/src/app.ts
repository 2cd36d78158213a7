import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import { logRequest, NestPinoLogger, registerRequestLogging, requestId } from './common/logger.js';
import { sendProblem } from './common/problem.filter.js';
import { registerBodyParsers } from './common/body-parsers.js';
import { registerClientAddress } from './common/client-address.js';
import { registerSecurityHeaders } from './common/security-headers.js';
import { RouteTable } from './common/method-not-allowed.js';
import { documentCommonProblems } from './common/validation.js';

/** Express's `bytes('1mb')`. */
const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP application (used by main.ts, the tests and the benchmark). */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger, clock?: Clock): Promise<NestFastifyApplication> {
  const nestLogger = new NestPinoLogger(logger);
  const adapter = new FastifyAdapter({
    trustProxy: trustProxy(config.trustProxy),
    bodyLimit: BODY_LIMIT,
    // The web app's proxy (and a load balancer) keep connections to the API alive for a few seconds. If the
    // API closed an idle connection first (Node's default is 5 s), a request sent on it at that moment would
    // fail with ECONNRESET; so the API waits longer than any proxy in front of it.
    keepAliveTimeout: 65_000,
    // A client that never finishes sending its request is cut off (Fastify's default is no limit), and so is
    // one that stalls: Node enforces requestTimeout only on the headers, so a body trickling in or stopping
    // halfway is ended by the socket's inactivity timeout. Neither holds a database connection meanwhile.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    // Request logging is ours (one line per request, see logger.ts); Fastify's logger stays off.
    logger: false,
    genReqId: requestId,
    // As Express routed: /api/users/ and /api/Users reach /api/users.
    // Express had no limit on a path parameter; Fastify answers 414 past 100 characters. A URL cannot
    // be longer than Node's 16 KB header limit, so 16,384 never triggers: an over-long id stays a 404.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16_384 },
    // The router rejects a malformed URL (bad percent-encoding) before any hook or Nest's error handler:
    // answered here as Express answered it through ProblemFilter, with the request id and a log line.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply.raw.setHeader('X-Request-Id', request.id);
      sendProblem(request, reply, new HttpException(frameworkErrorDetail(error), error.statusCode ?? 400, { cause: error }), nestLogger);
      logRequest(logger, request, reply.statusCode);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, databaseUrl, clock), adapter, {
    logger: nestLogger,
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  app.getHttpServer().headersTimeout = Math.min(66_000, config.requestTimeoutMs);
  fastify.decorateRequest('user', undefined);
  registerRequestLogging(fastify, logger);
  registerSecurityHeaders(fastify, config.production);
  registerClientAddress(fastify, config.proxySecret);
  const routes = new RouteTable();
  routes.register(fastify);
  fastify.decorate('routeTable', routes);
  await app.register(fastifyCookie);
  registerBodyParsers(fastify);
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

/**
 * TRUST_PROXY as Express read it. Fastify takes booleans and address lists alike, but a bare hop count
 * trusts nothing there (5.12 "fails closed"), so the count becomes Express's own hop test.
 */
function trustProxy(setting: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Express's wording for a path it could not decode: the first segment that is not valid percent-encoding. */
function frameworkErrorDetail(error: FastifyError): string {
  const path = /^'(.*)' is not a valid url component$/.exec(error.message)?.[1];
  if (error.code !== 'FST_ERR_BAD_URL' || path === undefined) return error.message;
  const bad = path.split('/').find((segment) => {
    try {
      decodeURIComponent(segment);
      return false;
    } catch {
      return true;
    }
  });
  return `Failed to decode param '${bad ?? path}'`;
}

function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document, generated from the controllers and their zod schemas (also exported for the web app's types). */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dental clinic platform API')
      .setDescription(
        'Multi-tenant dental clinic API. Authenticate with `Authorization: Bearer <accessToken>` or the session ' +
          'cookies set by signup/login; cookie-authenticated writes need `X-CSRF-Token` equal to the `csrf_token` cookie ' +
          '(the token of the session). An unknown method on a known path answers 405 with `Allow`. ' +
          'Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  documentCommonProblems(document as unknown as Parameters<typeof documentCommonProblems>[0]);
  return document;
}
