import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ClientMeta, CurrentUser, Roles } from '../common/auth/decorators.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { FRONT_DESK, MANAGERS } from '@dental/shared';
import { ApiProblems, ApiResult, IdParam, ZodBody, ZodQuery } from '../common/validation.js';
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
  list(@CurrentUser() actor: AuthUser, @ZodQuery(listPatientsQuerySchema) query: ListPatientsQuery) {
    return this.patients.list(actor, query);
  }

  @Post()
  @Roles(...FRONT_DESK)
  @ApiResult(201, patientViewSchema)
  @ApiProblems(400, 401, 403)
  create(@CurrentUser() actor: AuthUser, @ZodBody(createPatientSchema) body: CreatePatient, @ClientMeta() meta: RequestMeta) {
    return this.patients.create(actor, body, meta);
  }

  @Get(':id')
  @ApiResult(200, patientViewSchema)
  @ApiProblems(401, 404)
  get(@CurrentUser() actor: AuthUser, @IdParam('id', 'Patient') id: string, @ClientMeta() meta: RequestMeta) {
    return this.patients.get(actor, id, meta);
  }

  @Patch(':id')
  @Roles(...FRONT_DESK)
  @ApiResult(200, patientViewSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @IdParam('id', 'Patient') id: string,
    @ZodBody(updatePatientSchema) body: UpdatePatient,
    @ClientMeta() meta: RequestMeta,
  ) {
    return this.patients.update(actor, id, body, meta);
  }

  @Delete(':id')
  @Roles(...MANAGERS)
  @HttpCode(204)
  @ApiResult(204, z.undefined(), 'Archived (soft delete)')
  @ApiProblems(401, 403, 404)
  archive(@CurrentUser() actor: AuthUser, @IdParam('id', 'Patient') id: string, @ClientMeta() meta: RequestMeta) {
    return this.patients.archive(actor, id, meta);
  }
}
