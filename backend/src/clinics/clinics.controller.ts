import { Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientMeta, CurrentUser, Roles } from '../common/auth/decorators.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
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
  get(@CurrentUser() actor: AuthUser) {
    return this.clinics.get(actor);
  }

  @Patch('me')
  @Roles('OWNER', 'ADMIN')
  @ApiResult(200, clinicViewSchema)
  @ApiProblems(400, 401, 403)
  update(@CurrentUser() actor: AuthUser, @ZodBody(updateClinicSchema) body: UpdateClinic, @ClientMeta() meta: RequestMeta) {
    return this.clinics.update(actor, body, meta);
  }
}
