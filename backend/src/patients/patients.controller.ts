import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { FRONT_DESK, MANAGERS } from '@dental/shared';
import { ApiNoContent, ApiProblems, ApiResult, IdParam, ZodBody, ZodQuery } from '../common/validation.js';
import { PatientsService } from './patients.service.js';
import {
  type CreatePatient,
  createPatientSchema,
  type ListPatientsQuery,
  listPatientsQuerySchema,
  patientListSchema,
  patientViewSchema,
  type UpdatePatient,
  updatePatientSchema,
} from './patients.schemas.js';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @ApiResult(200, patientListSchema)
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @ZodQuery(listPatientsQuerySchema) query: ListPatientsQuery) {
    return this.patients.list(actor, query);
  }

  @Post()
  @Roles(...FRONT_DESK)
  @ApiResult(201, patientViewSchema)
  @ApiProblems(400, 401, 403)
  create(@CurrentActor() actor: Actor, @ZodBody(createPatientSchema) body: CreatePatient) {
    return this.patients.create(actor, body);
  }

  @Get(':id')
  @ApiResult(200, patientViewSchema)
  @ApiProblems(401, 404)
  get(@CurrentActor() actor: Actor, @IdParam('id', 'Patient') id: string) {
    return this.patients.get(actor, id);
  }

  @Patch(':id')
  @Roles(...FRONT_DESK)
  @ApiResult(200, patientViewSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentActor() actor: Actor, @IdParam('id', 'Patient') id: string, @ZodBody(updatePatientSchema) body: UpdatePatient) {
    return this.patients.update(actor, id, body);
  }

  @Delete(':id')
  @Roles(...MANAGERS)
  @HttpCode(204)
  @ApiNoContent('Archived (soft delete)')
  @ApiProblems(401, 403, 404)
  archive(@CurrentActor() actor: Actor, @IdParam('id', 'Patient') id: string) {
    return this.patients.archive(actor, id);
  }
}
