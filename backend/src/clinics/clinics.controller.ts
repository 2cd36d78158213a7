import { Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { MANAGERS } from '@dental/shared';
import { ApiProblems, ApiResult, ZodBody } from '../common/validation.js';
import { ClinicsService } from './clinics.service.js';
import { clinicViewSchema, type UpdateClinic, updateClinicSchema } from './clinics.schemas.js';

@ApiTags('clinics')
@ApiBearerAuth()
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get('me')
  @ApiResult(200, clinicViewSchema)
  @ApiProblems(401)
  get(@CurrentActor() actor: Actor) {
    return this.clinics.get(actor);
  }

  @Patch('me')
  @Roles(...MANAGERS)
  @ApiResult(200, clinicViewSchema)
  @ApiProblems(400, 401, 403)
  update(@CurrentActor() actor: Actor, @ZodBody(updateClinicSchema) body: UpdateClinic) {
    return this.clinics.update(actor, body);
  }
}
