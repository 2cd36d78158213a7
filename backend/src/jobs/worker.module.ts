import { type DynamicModule, Module } from '@nestjs/common';
import { type LivenessLostHandler, ON_LIVENESS_LOST, WorkerRunner } from './worker-runner.js';

/**
 * Without proof of life this process must not keep sending: another worker may already be taking over
 * its jobs. Exit; the supervisor (npm start, docker) starts a new one.
 */
const exitProcess: LivenessLostHandler = () => process.exit(70);

/** Only in a worker process (src/worker.ts, or a test's worker): runs the registered jobs. */
@Module({})
export class WorkerModule {
  static register(onLivenessLost: LivenessLostHandler = exitProcess): DynamicModule {
    return {
      module: WorkerModule,
      providers: [WorkerRunner, { provide: ON_LIVENESS_LOST, useValue: onLivenessLost }],
      exports: [WorkerRunner],
    };
  }
}
