import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { UsersModule } from '../users/users.module.js';
import { RemindersModule } from '../notifications/reminders.module.js';
import { AppointmentsController } from './appointments.controller.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { AppointmentsService } from './appointments.service.js';

@Module({
  imports: [AuditModule, CatalogModule, ClinicsModule, PatientsModule, RemindersModule, SchedulesModule, UsersModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, AppointmentsRepository],
  exports: [AppointmentsService],
})
export class AppointmentsModule {}
