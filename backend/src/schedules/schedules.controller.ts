import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiProblems, ApiResult, IdParam, ZodBody } from '../common/validation.js';
import { SchedulesService } from './schedules.service.js';
import { type PutSchedule, putScheduleSchema, scheduleViewSchema } from './schedules.schemas.js';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('staff/:userId/schedule')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiResult(200, scheduleViewSchema)
  @ApiProblems(401, 404)
  get(@CurrentActor() actor: Actor, @IdParam('userId', 'Staff member') userId: string) {
    return this.schedules.get(actor, userId);
  }

  @Put()
  @ApiResult(200, scheduleViewSchema, 'Schedule replaced')
  @ApiProblems(400, 401, 403, 404)
  put(@CurrentActor() actor: Actor, @IdParam('userId', 'Staff member') userId: string, @ZodBody(putScheduleSchema) body: PutSchedule) {
    return this.schedules.put(actor, userId, body);
  }
}
