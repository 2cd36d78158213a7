import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import { NestPinoLogger } from './common/logger.js';
import type { LivenessLostHandler } from './jobs/worker-runner.js';
import { WorkerRunner } from './jobs/worker-runner.js';

export interface WorkerApp {
  context: INestApplicationContext;
  runner: WorkerRunner;
  /** Stops taking jobs, lets the running ones finish, then closes everything. */
  close(): Promise<void>;
}

/**
 * The worker: the API's modules in an application context (no HTTP), running the registered jobs.
 * Used by src/worker.ts, and by tests that need messages to go out.
 */
export async function createWorker(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
  options: { clock?: Clock; onLivenessLost?: LivenessLostHandler } = {},
): Promise<WorkerApp> {
  const context = await NestFactory.createApplicationContext(
    AppModule.register(config, databaseUrl, options.clock, { worker: { onLivenessLost: options.onLivenessLost } }),
    { logger: new NestPinoLogger(logger) },
  );
  const runner = context.get(WorkerRunner);
  await runner.start();
  let closing: Promise<void> | undefined;
  return {
    context,
    runner,
    // The runner stops first: Nest would close the database pool before the running jobs are done.
    close: () => (closing ??= runner.stop().then(() => context.close())),
  };
}
