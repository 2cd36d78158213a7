import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/common/logger.js';
import { createApp } from '../src/app.js';
import { startRawServer } from './raw-server.js';

/**
 * A server under test, in its own process as in production (the load generator must not share its
 * event loop). `node serve.js api|raw` prints {"url": ...} once listening; BENCH_APP_DATABASE_URL names the DB.
 */
const kind = process.argv[2];
const databaseUrl = process.env.BENCH_APP_DATABASE_URL!;
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'error',
  JWT_SECRET: process.env.BENCH_JWT_SECRET,
  APP_DATABASE_URL: databaseUrl,
  RATE_LIMIT_LOGIN_PER_IP: '1000000',
  RATE_LIMIT_LOGIN_PER_EMAIL: '1000000',
  RATE_LIMIT_SIGNUP_PER_IP: '1000000',
  // The files benchmark and the large-upload test give the server its own storage (a folder, or an S3
  // server) and limit.
  FILE_STORAGE_DIR: process.env.FILE_STORAGE_DIR,
  FILE_MAX_BYTES: process.env.FILE_MAX_BYTES,
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name === 'STORAGE_DRIVER' || name.startsWith('S3_'))),
});

if (kind === 'api') {
  const app = await createApp(config, databaseUrl, createLogger(config.logLevel));
  await app.listen(0, '127.0.0.1');
  report(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
} else if (kind === 'raw') {
  report((await startRawServer(databaseUrl, config.auth.jwtSecret, config.database.poolSize)).baseUrl);
} else {
  throw new Error('usage: serve.js api|raw');
}

process.on('SIGTERM', () => process.exit(0));

// Started with --expose-gc and an IPC channel (startServer's measureLiveMemory): memory after a full
// collection on request, i.e. what the server holds rather than garbage it has not collected yet.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect && process.send) {
  process.on('message', (message) => {
    if (message !== 'live-memory') return;
    collect();
    const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
    process.send!({ rss, heapUsed, arrayBuffers });
  });
}

function report(url: string) {
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}
