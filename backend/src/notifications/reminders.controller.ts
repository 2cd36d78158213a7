import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MANAGERS } from '@dental/shared';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiProblems, ApiResult } from '../common/validation.js';
import { RemindersService } from './reminders.service.js';
import { reminderPreviewSchema } from './reminders.schemas.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('preview')
  @Roles(...MANAGERS)
  @ApiResult(200, reminderPreviewSchema, "A sample reminder with the clinic's details, by email and SMS, in English and Arabic")
  @ApiProblems(401, 403)
  preview(@CurrentActor() actor: Actor) {
    return this.reminders.preview(actor);
  }
}
