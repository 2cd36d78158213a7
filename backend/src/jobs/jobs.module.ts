import { Global, Module } from '@nestjs/common';
import { DailyJobsService } from './daily-jobs.service.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';

/** Enqueueing (every process) and the registry of what a worker runs. */
@Global()
@Module({ providers: [JobQueue, JobRegistry, DailyJobsService], exports: [JobQueue, JobRegistry, DailyJobsService] })
export class JobsModule {}
