import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PatientsController } from './patients.controller.js';
import { PatientsRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';
import { PatientMergeRegistry } from './patient-merge.js';

@Module({
  imports: [AuditModule, ClinicsModule, NotificationsModule],
  controllers: [PatientsController],
  providers: [PatientsService, PatientsRepository, PatientMergeRegistry],
  exports: [PatientsService, PatientMergeRegistry],
})
export class PatientsModule {}
