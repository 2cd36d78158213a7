import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../config/config.js';
import { createLogger, NestPinoLogger } from '../common/logger.js';
import { provisionDatabase } from '../db/provision.js';
import { AppModule } from '../app.module.js';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD, loadDemoClinic } from './demo-loader.js';

/** `npm run demo`: loads the demo clinic into the configured database (embedded unless DATABASE_URL). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await provisionDatabase(config, (message) => logger.info(message));
  const app = await NestFactory.createApplicationContext(AppModule.register(config, database.appUrl), {
    logger: new NestPinoLogger(logger),
  });
  try {
    await runDemoLoad(app);
  } finally {
    await app.close();
    await database.stop();
  }
}

export async function runDemoLoad(app: Parameters<typeof loadDemoClinic>[0]): Promise<void> {
  const started = Date.now();
  process.stdout.write('Loading the demo clinic...\n');
  const loaded = await loadDemoClinic(app, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(
    loaded
      ? `Demo clinic ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Log in as ${DEMO_OWNER_EMAIL} (or admin@, dr.khalid@, reception1@, accounts@demo.dental) with password ${DEMO_PASSWORD}\n`
      : `The demo clinic is already loaded: log in as ${DEMO_OWNER_EMAIL} with password ${DEMO_PASSWORD}\n`,
  );
}

if (process.argv[1]?.endsWith('load-demo.js')) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
