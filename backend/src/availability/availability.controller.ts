import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiProblems, ApiResult, ZodQuery } from '../common/validation.js';
import { AvailabilityService } from './availability.service.js';
import {
  type AvailabilityQuery,
  availabilityQuerySchema,
  availabilityViewSchema,
  type WorkingHoursQuery,
  workingHoursQuerySchema,
  workingHoursViewSchema,
} from './availability.schemas.js';

@ApiTags('availability')
@ApiBearerAuth()
@Controller('availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @ApiResult(200, availabilityViewSchema, "Free start times, on the clinic's booking grid")
  @ApiProblems(400, 401, 404, 422)
  find(@CurrentActor() actor: Actor, @ZodQuery(availabilityQuerySchema) query: AvailabilityQuery) {
    return this.availability.find(actor, query);
  }

  @Get('working-hours')
  @ApiResult(200, workingHoursViewSchema, "Each active clinician's working time in the range (breaks and absences left out)")
  @ApiProblems(400, 401, 404, 422)
  workingHours(@CurrentActor() actor: Actor, @ZodQuery(workingHoursQuerySchema) query: WorkingHoursQuery) {
    return this.availability.workingHours(actor, query);
  }
}
