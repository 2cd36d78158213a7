import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { MANAGERS } from '@dental/shared';
import { ApiProblems, ApiResult, ZodQuery } from '../common/validation.js';
import { AuditService } from './audit.service.js';
import { auditLogListSchema, type ListAuditLogsQuery, listAuditLogsQuerySchema } from './audit.schemas.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiResult(200, auditLogListSchema, 'Newest first')
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @ZodQuery(listAuditLogsQuerySchema) query: ListAuditLogsQuery) {
    return this.audit.list(actor, query);
  }
}
