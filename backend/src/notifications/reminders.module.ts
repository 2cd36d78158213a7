import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { UsersModule } from '../users/users.module.js';
import { NotificationsModule } from './notifications.module.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

/** Appointment reminders on top of notifications (a module of its own: it reads clinics, patients, staff and services). */
@Module({
  imports: [AuditModule, CatalogModule, ClinicsModule, NotificationsModule, PatientsModule, UsersModule],
  controllers: [RemindersController],
  providers: [RemindersService],
  exports: [RemindersService],
})
export class RemindersModule {}
