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
import { BillingModule } from './billing/billing.module.js';
import { FilesModule } from './files/files.module.js';
import { HealthController } from './health/health.controller.js';

@Module({})
export class AppModule {
  /** `clock` defaults to the system's; tests pass one they can set. */
  static register(config: AppConfig, databaseUrl: string, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule,
        AuthModule,
        ClinicsModule,
        UsersModule,
        PatientsModule,
        CatalogModule,
        SchedulesModule,
        AppointmentsModule,
        AvailabilityModule,
        BillingModule,
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
            poolSize: config.database.poolSize,
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
