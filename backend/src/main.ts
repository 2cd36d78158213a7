import { loadConfig } from './config/config.js';
import { createLogger } from './common/logger.js';
import { provisionDatabase } from './db/provision.js';
import { createApp } from './app.js';
import { runDemoLoad } from './demo/load-demo.js';
import { LiveGateway } from './live/live.gateway.js';

/** `npm start [-- --demo]`: database (embedded unless DATABASE_URL), migrations, demo clinic if asked, then the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await provisionDatabase(config, (message) => logger.info(message));
  const app = await createApp(config, database.appUrl, logger);
  if (process.argv.includes('--demo')) await runDemoLoad(app);
  await app.listen(config.apiPort, config.host);

  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.apiPort}`;
  const lines = [
    `API:      ${base}/api`,
    `API docs: ${base}/api/docs`,
    `Health:   ${base}/api/health`,
    `Database: ${database.embedded ? `embedded PostgreSQL, data in ${config.dataDir}` : 'DATABASE_URL'}`,
  ];
  process.stdout.write(`\nDental clinic platform is running\n  ${lines.join('\n  ')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Stop taking requests and let in-flight ones finish before the database pool closes; live sockets
    // are closed first (clients reconnect elsewhere), or the server would wait for them.
    app.get(LiveGateway).close();
    await new Promise((resolve) => app.getHttpServer().close(resolve));
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const inUse = (error as { code?: string }).code === 'EADDRINUSE';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}${inUse ? ' (another program uses this port: set API_PORT)' : ''}\n`);
  process.exit(1);
});
