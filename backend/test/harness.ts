import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/common/logger.js';
import { createApp } from '../src/app.js';
import { FixedClock } from '../src/common/clock.js';
import { OpenApiContract, registerContract } from './openapi-contract.js';

/**
 * Where every test app's clock stands unless a test moves it: no test depends on the day the suite runs
 * (the suite passes with the machine's clock in 2030). Fixtures book in 2027, after this instant.
 */
export const TEST_NOW = '2026-11-02T06:00:00Z';

export interface TestApp {
  baseUrl: string;
  /** Superuser connection to the test database, for asserting what was (not) written. */
  admin: pg.Pool;
  /** The API's clock: stands at TEST_NOW until the test sets or advances it. */
  clock: FixedClock;
  /** The key this API signs access tokens with (tests forge tokens with it). */
  jwtSecret: string;
  /** A provider of the running API (a service a test drives directly, as a job would). */
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/** Starts the real API (real HTTP, real PostgreSQL as the application role) on a free loopback port. */
export async function startTestApp(env: Record<string, string> = {}, logDestination?: NodeJS.WritableStream): Promise<TestApp> {
  const clock = new FixedClock(TEST_NOW);
  const jwtSecret = randomBytes(32).toString('base64url');
  const adminUrl = required('TEST_ADMIN_DATABASE_URL');
  const appUrl = required('TEST_APP_DATABASE_URL');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_LOGIN_PER_EMAIL: '100000',
    RATE_LIMIT_SIGNUP_PER_IP: '100000',
    // Counters live in the shared database: each test app counts on its own.
    RATE_LIMIT_NAMESPACE: `test-${randomBytes(4).toString('hex')}`,
    JWT_SECRET: jwtSecret,
    ...env,
  });
  const app = await createApp(config, appUrl, createLogger(config.logLevel, logDestination), clock);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Every response the tests' HTTP client receives from this app is checked against its OpenAPI document.
  registerContract(baseUrl, await OpenApiContract.load(baseUrl));
  return {
    baseUrl,
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
