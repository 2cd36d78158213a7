import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MESSAGE_READERS, MESSAGING } from '@dental/shared';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiProblems, ApiResult, IdParam, ZodQuery } from '../common/validation.js';
import { NotificationsService } from './notifications.service.js';
import {
  deliveryChannelsSchema,
  type ListNotificationsQuery,
  listNotificationsQuerySchema,
  notificationListSchema,
  notificationViewSchema,
  retryConflictProblemSchema,
} from './notifications.schemas.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles(...MESSAGE_READERS)
  @ApiResult(
    200,
    notificationListSchema,
    'Messages, newest first: the outbox and the log of what was sent (billing staff: invoice emails only)',
  )
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @ZodQuery(listNotificationsQuerySchema) query: ListNotificationsQuery) {
    return this.notifications.list(actor, query);
  }

  @Get('channels')
  @Roles(...MESSAGING)
  @ApiResult(200, deliveryChannelsSchema, 'Where email and text messages go in this deployment')
  @ApiProblems(401, 403)
  channels() {
    return this.notifications.channels();
  }

  @Post(':id/retry')
  @Roles(...MESSAGING)
  @HttpCode(200)
  @ApiResult(200, notificationViewSchema, 'Queued again')
  @ApiProblems(401, 403, 404, [409, retryConflictProblemSchema])
  retry(@CurrentActor() actor: Actor, @IdParam('id', 'Notification') id: string) {
    return this.notifications.retry(actor, id);
  }
}
