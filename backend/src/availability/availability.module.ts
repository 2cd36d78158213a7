import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { UsersModule } from '../users/users.module.js';
import { AvailabilityController } from './availability.controller.js';
import { AvailabilityService } from './availability.service.js';

@Module({
  imports: [AppointmentsModule, CatalogModule, ClinicsModule, SchedulesModule, UsersModule],
  controllers: [AvailabilityController],
  providers: [AvailabilityService],
})
export class AvailabilityModule {}
