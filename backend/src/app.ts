import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import { NestPinoLogger, requestLogger } from './common/logger.js';

/** Builds the HTTP application (used by main.ts, the tests and the benchmark). */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl, clock), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // API responses are not cached by validators; hashing every body for an ETag is wasted work.
  app.set('etag', false);
  app.use(requestLogger(logger));
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  keepIdleConnectionsLongerThanProxies(app);
  setupOpenApi(app);
  return app;
}

/**
 * The web app's proxy (and a load balancer) keep connections to the API alive for a few seconds. If the
 * API closed an idle connection first (Node's default is 5 s), a request sent on it at that moment would
 * fail with ECONNRESET; so the API waits longer than any proxy in front of it.
 */
function keepIdleConnectionsLongerThanProxies(app: NestExpressApplication): void {
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

function setupOpenApi(app: NestExpressApplication): void {
  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document, generated from the controllers and their zod schemas (also exported for the web app's types). */
export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dental clinic platform API')
      .setDescription(
        'Multi-tenant dental clinic API. Authenticate with `Authorization: Bearer <accessToken>` or the session ' +
          'cookies set by signup/login; cookie-authenticated writes need `X-CSRF-Token` equal to the `csrf_token` cookie. ' +
          'Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
}
