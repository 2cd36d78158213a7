import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { MANAGERS } from '@dental/shared';
import { ApiNoContent, ApiProblems, ApiResult, IdParam, ZodBody, ZodQuery } from '../common/validation.js';
import { CatalogService } from './catalog.service.js';
import {
  type CreateService,
  createServiceSchema,
  type ListServicesQuery,
  listServicesQuerySchema,
  serviceListSchema,
  serviceViewSchema,
  type UpdateService,
  updateServiceSchema,
} from './catalog.schemas.js';

@ApiTags('services')
@ApiBearerAuth()
@Controller('services')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiResult(200, serviceListSchema)
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @ZodQuery(listServicesQuerySchema) query: ListServicesQuery) {
    return this.catalog.list(actor, query);
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiResult(201, serviceViewSchema)
  @ApiProblems(400, 401, 403, 409)
  create(@CurrentActor() actor: Actor, @ZodBody(createServiceSchema) body: CreateService) {
    return this.catalog.create(actor, body);
  }

  @Get(':id')
  @ApiResult(200, serviceViewSchema)
  @ApiProblems(401, 404)
  get(@CurrentActor() actor: Actor, @IdParam('id', 'Service') id: string) {
    return this.catalog.get(actor, id);
  }

  @Patch(':id')
  @Roles(...MANAGERS)
  @ApiResult(200, serviceViewSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentActor() actor: Actor, @IdParam('id', 'Service') id: string, @ZodBody(updateServiceSchema) body: UpdateService) {
    return this.catalog.update(actor, id, body);
  }

  @Delete(':id')
  @Roles(...MANAGERS)
  @HttpCode(204)
  @ApiNoContent('Deleted (only if never used)')
  @ApiProblems(401, 403, 404, 409)
  remove(@CurrentActor() actor: Actor, @IdParam('id', 'Service') id: string) {
    return this.catalog.remove(actor, id);
  }
}
