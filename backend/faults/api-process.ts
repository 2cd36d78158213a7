import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/common/logger.js';
import { createApp } from '../src/app.js';

/**
 * The API in a process of its own, as in production, for the fault suite to kill and restart. Prints
 * {"url": ...} once listening. FAULTS_APP_DATABASE_URL names the database; extra settings come from the
 * environment (REQUEST_TIMEOUT_MS, ...).
 */
const databaseUrl = process.env.FAULTS_APP_DATABASE_URL!;
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'silent',
  APP_DATABASE_URL: databaseUrl,
  JWT_SECRET: process.env.FAULTS_JWT_SECRET,
  COOKIE_SECURE: 'false',
  RATE_LIMIT_LOGIN_PER_IP: '1000000',
  RATE_LIMIT_LOGIN_PER_EMAIL: '1000000',
  RATE_LIMIT_SIGNUP_PER_IP: '1000000',
});
const app = await createApp(config, databaseUrl, createLogger(config.logLevel));
await app.listen(Number(process.env.FAULTS_PORT ?? 0), '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
