import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientMeta, CurrentUser } from '../common/auth/decorators.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
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
  get(@CurrentUser() actor: AuthUser, @IdParam('userId', 'Staff member') userId: string) {
    return this.schedules.get(actor, userId);
  }

  @Put()
  @ApiResult(200, scheduleViewSchema, 'Schedule replaced')
  @ApiProblems(400, 401, 403, 404)
  put(
    @CurrentUser() actor: AuthUser,
    @IdParam('userId', 'Staff member') userId: string,
    @ZodBody(putScheduleSchema) body: PutSchedule,
    @ClientMeta() meta: RequestMeta,
  ) {
    return this.schedules.put(actor, userId, body, meta);
  }
}
