import { loadConfig } from './config/config.js';
import { createLogger } from './common/logger.js';
import { connectWorkerDatabase } from './db/provision.js';
import { createWorker } from './worker-app.js';

/**
 * `npm run worker`: background jobs (reminders, emails, daily jobs) in a process of its own. Any number
 * may run at once. SIGTERM/SIGINT stop it gracefully: no new jobs, running ones finish.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const appUrl = await connectWorkerDatabase(config, (message) => logger.info(message));
  const worker = await createWorker(config, appUrl, logger);
  const channels = `email: ${config.email.smtpUrl ? 'SMTP' : 'outbox (SMTP_URL not set)'}, SMS: ${config.sms.provider ?? 'outbox (SMS_PROVIDER not set)'}`;
  logger.info(`worker ${worker.runner.poolId} started (${channels})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing running jobs');
    await worker.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
