import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { Clock, SystemClock } from './common/clock.js';
import { DATABASE_OPTIONS } from './db/database.js';
import { DatabaseModule } from './db/database.module.js';
import { ProblemFilter } from './common/problem.filter.js';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard.js';
import { RolesGuard } from './common/auth/roles.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { ClinicsModule } from './clinics/clinics.module.js';
import { UsersModule } from './users/users.module.js';
import { PatientsModule } from './patients/patients.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { AppointmentsModule } from './appointments/appointments.module.js';
import { AvailabilityModule } from './availability/availability.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { BillingModule } from './billing/billing.module.js';
import { FilesModule } from './files/files.module.js';
import { HealthController } from './health/health.controller.js';
import { JobsModule } from './jobs/jobs.module.js';
import { WorkerModule } from './jobs/worker.module.js';
import type { LivenessLostHandler } from './jobs/worker-runner.js';
import { NotificationsModule } from './notifications/notifications.module.js';

export interface AppRole {
  /** Run background jobs in this process (src/worker.ts; tests that need sending). */
  worker?: { onLivenessLost?: LivenessLostHandler };
}
import { LiveEventsModule } from './live/live-events.js';
import { LiveModule } from './live/live.module.js';

@Module({})
export class AppModule {
  /** `clock` defaults to the system's; tests pass one they can set. A worker process adds `role.worker`. */
  static register(config: AppConfig, databaseUrl: string, clock: Clock = new SystemClock(), role: AppRole = {}): DynamicModule {
    // A worker's jobs share connections: sending batches its claims and marks (a few statements in
    // flight), while a job that reads the database (a renderer) takes one briefly.
    const poolSize = role.worker ? Math.max(config.database.poolSize, 20) : config.database.poolSize;
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule,
        JobsModule,
        NotificationsModule,
        ...(role.worker ? [WorkerModule.register(role.worker.onLivenessLost)] : []),
        LiveEventsModule,
        AuthModule,
        ClinicsModule,
        UsersModule,
        PatientsModule,
        CatalogModule,
        SchedulesModule,
        AppointmentsModule,
        AvailabilityModule,
        ReportsModule,
        BillingModule,
        LiveModule,
        FilesModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        {
          provide: DATABASE_OPTIONS,
          useValue: {
            url: databaseUrl,
            poolSize,
            lockTimeoutMs: config.database.lockTimeoutMs,
            statementTimeoutMs: config.database.statementTimeoutMs,
          },
        },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [APP_CONFIG, DATABASE_OPTIONS, Clock],
    };
  }
}
