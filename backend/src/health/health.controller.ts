import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../common/auth/decorators.js';
import { ApiProblems, ApiResult } from '../common/validation.js';
import { Database } from '../db/database.js';

const healthSchema = z.object({ status: z.literal('ok'), database: z.literal('ok') });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: Database) {}

  @Get()
  @Public()
  @ApiResult(200, healthSchema)
  @ApiProblems(503)
  async check() {
    try {
      await this.database.ping();
    } catch {
      throw new ServiceUnavailableException('The database is not reachable.');
    }
    return { status: 'ok', database: 'ok' };
  }
}
