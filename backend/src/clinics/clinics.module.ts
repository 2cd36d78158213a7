import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClinicsController } from './clinics.controller.js';
import { ClinicsService } from './clinics.service.js';

@Module({ imports: [AuditModule], controllers: [ClinicsController], providers: [ClinicsService], exports: [ClinicsService] })
export class ClinicsModule {}
