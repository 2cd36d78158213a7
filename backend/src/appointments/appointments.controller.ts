import { Controller, Get, Headers, HttpCode, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { FRONT_DESK } from '@dental/shared';
import { BadRequestError } from '../common/errors.js';
import { JsonListWriter } from '../common/list-writer.js';
import { ApiProblems, ApiResult, IdParam, ZodBody, ZodQuery } from '../common/validation.js';
import { AppointmentsService } from './appointments.service.js';
import {
  appointmentListSchema,
  bookingConflictProblemSchema,
  transitionConflictProblemSchema,
  appointmentViewSchema,
  type CancelAppointment,
  cancelAppointmentSchema,
  type ChangeStatus,
  changeStatusSchema,
  type CreateAppointment,
  createAppointmentSchema,
  type ListAppointmentsQuery,
  listAppointmentsQuerySchema,
  type RescheduleAppointment,
  rescheduleAppointmentSchema,
} from './appointments.schemas.js';

/** If-Match: "3", W/"3" or 3. */
function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new BadRequestError('invalid-if-match', 'If-Match must carry the appointment version, e.g. "3".');
  return Number(match[1]);
}

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get()
  @ApiResult(200, appointmentListSchema, 'Appointments overlapping [from, to), by start time')
  @ApiProblems(400, 401)
  list(
    @CurrentActor() actor: Actor,
    @ZodQuery(listAppointmentsQuerySchema) query: ListAppointmentsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.appointments.list(actor, query, new JsonListWriter(reply.raw));
  }

  @Post()
  @Roles(...FRONT_DESK)
  @ApiResult(201, appointmentViewSchema)
  @ApiProblems(400, 401, 403, 404, [409, bookingConflictProblemSchema], 422)
  create(@CurrentActor() actor: Actor, @ZodBody(createAppointmentSchema) body: CreateAppointment) {
    return this.appointments.create(actor, body);
  }

  @Get(':id')
  @ApiResult(200, appointmentViewSchema)
  @ApiProblems(401, 404)
  get(@CurrentActor() actor: Actor, @IdParam('id', 'Appointment') id: string) {
    return this.appointments.get(actor, id);
  }

  @Patch(':id')
  @Roles(...FRONT_DESK)
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw (instead of body.version)' })
  @ApiResult(200, appointmentViewSchema, 'Rescheduled')
  @ApiProblems(400, 401, 403, 404, [409, bookingConflictProblemSchema], 422, 428)
  reschedule(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'Appointment') id: string,
    @ZodBody(rescheduleAppointmentSchema) body: RescheduleAppointment,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return this.appointments.reschedule(actor, id, body, versionFromIfMatch(ifMatch));
  }

  @Post(':id/cancel')
  @Roles(...FRONT_DESK)
  @HttpCode(200)
  @ApiResult(200, appointmentViewSchema, 'Cancelled')
  @ApiProblems(400, 401, 403, 404, [409, transitionConflictProblemSchema])
  cancel(
    @CurrentActor() actor: Actor,
    @IdParam('id', 'Appointment') id: string,
    @ZodBody(cancelAppointmentSchema) body: CancelAppointment,
  ) {
    return this.appointments.cancel(actor, id, body);
  }

  @Post(':id/status')
  @Roles(...FRONT_DESK)
  @HttpCode(200)
  @ApiResult(200, appointmentViewSchema, 'Status changed')
  @ApiProblems(400, 401, 403, 404, [409, transitionConflictProblemSchema])
  changeStatus(@CurrentActor() actor: Actor, @IdParam('id', 'Appointment') id: string, @ZodBody(changeStatusSchema) body: ChangeStatus) {
    return this.appointments.changeStatus(actor, id, body);
  }
}
