import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/common/logger.js';
import { createApp } from '../src/app.js';
import { FixedClock } from '../src/common/clock.js';
import { createWorker, type WorkerApp } from '../src/worker-app.js';
import { OpenApiContract, registerContract } from './openapi-contract.js';

/**
 * Where every test app's clock stands unless a test moves it: no test depends on the day the suite runs
 * (the suite passes with the machine's clock in 2030). Fixtures book in 2027, after this instant.
 */
export const TEST_NOW = '2026-11-02T06:00:00Z';

export interface TestApp {
  baseUrl: string;
  /** The environment the API was configured with (a test worker reuses it, job namespace included). */
  env: Record<string, string>;
  /** Superuser connection to the test database, for asserting what was (not) written. */
  admin: pg.Pool;
  /** The API's clock: stands at TEST_NOW until the test sets or advances it. */
  clock: FixedClock;
  /** The key this API signs access tokens with (tests forge tokens with it). */
  jwtSecret: string;
  /** The Nest application, for tests that call a service directly (a job's entry point) or inspect a provider. */
  nest: NestFastifyApplication;
  /** A provider of the running API (a service a test drives directly, as a job would). */
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Starts the real API (real HTTP, real PostgreSQL as the application role) on a free loopback port, on
 * the run's shared test database unless `database` names another (startPrivateTestDatabase).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  logDestination?: NodeJS.WritableStream,
  database?: { adminUrl: string; appUrl: string },
): Promise<TestApp> {
  const clock = new FixedClock(TEST_NOW);
  const adminUrl = database?.adminUrl ?? required('TEST_ADMIN_DATABASE_URL');
  const appUrl = database?.appUrl ?? required('TEST_APP_DATABASE_URL');
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_LOGIN_PER_EMAIL: '100000',
    RATE_LIMIT_SIGNUP_PER_IP: '100000',
    // Counters live in the shared database: each test app counts on its own.
    RATE_LIMIT_NAMESPACE: `test-${randomBytes(4).toString('hex')}`,
    // So does the job queue: a test's worker runs only the jobs its own API enqueued.
    JOB_NAMESPACE: `test-${randomBytes(4).toString('hex')}`,
    // A fresh signing key per app; its worker (startTestWorker) shares it, as it opens the invite links the API sealed.
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ...env,
  };
  const config = loadConfig(fullEnv);
  const app = await createApp(config, appUrl, createLogger(config.logLevel, logDestination), clock);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Every response the tests' HTTP client receives from this app is checked against its OpenAPI document.
  registerContract(baseUrl, await OpenApiContract.load(baseUrl));
  return {
    baseUrl,
    env: fullEnv,
    nest: app,
    admin,
    clock,
    jwtSecret: config.auth.jwtSecret,
    get: (type) => app.get(type),
    close: async () => {
      await app.close();
      await admin.end();
    },
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with "npm test"`);
  return value;
}

export const uniqueEmail = (label = 'user') => `${label}.${randomBytes(5).toString('hex')}@example.test`;
export const STRONG_PASSWORD = 'Molar-Crown-2026';

export interface TestWorker {
  worker: WorkerApp;
  close(): Promise<void>;
}

/**
 * A worker for a test app: same configuration and job namespace (so it runs only that app's jobs),
 * same clock, plus `env` (e.g. SMTP_URL of a test SMTP server). Polls often, so tests wait little.
 */
export async function startTestWorker(app: TestApp, env: Record<string, string> = {}): Promise<TestWorker> {
  const config = loadConfig({ WORKER_POLL_INTERVAL_MS: '100', WORKER_CONCURRENCY: '8', ...app.env, ...env });
  const worker = await createWorker(config, required('TEST_APP_DATABASE_URL'), createLogger(config.logLevel), {
    clock: app.clock,
    onLivenessLost: (error) => {
      throw error;
    },
  });
  return { worker, close: () => worker.close() };
}

/**
 * Runs `work` with the app's clock moving one second at every reading (so times say in which order
 * things were decided), then puts the clock back at TEST_NOW.
 */
export async function withMovingClock<T>(app: TestApp, work: () => Promise<T>): Promise<T> {
  const read = app.clock.now.bind(app.clock);
  app.clock.now = () => {
    app.clock.advance(1000);
    return read();
  };
  try {
    return await work();
  } finally {
    Reflect.deleteProperty(app.clock, 'now');
    app.clock.set(TEST_NOW);
  }
}
