import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../config/config.js';
import { createLogger, NestPinoLogger } from '../common/logger.js';
import { provisionDatabase } from '../db/provision.js';
import { AppModule } from '../app.module.js';
import { FilePurgeService } from './file-purge.service.js';

/**
 * `npm run files:purge`: removes now the bytes of files deleted more than FILE_RETENTION_DAYS ago. The
 * worker's daily jobs will run the same FilePurgeService.purgeExpired.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await provisionDatabase(config, (message) => logger.info(message));
  const app = await NestFactory.createApplicationContext(AppModule.register(config, database.appUrl), {
    logger: new NestPinoLogger(logger),
  });
  try {
    const { purged, failed } = await app.get(FilePurgeService).purgeExpired();
    process.stdout.write(
      `Purged the bytes of ${purged} deleted file(s)${failed ? `; ${failed} failed (see the log), retried next run` : ''}.\n`,
    );
    if (failed) process.exitCode = 1;
  } finally {
    await app.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
