import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DeliveryProviders } from './delivery/delivery-providers.js';
import { MessageRenderers } from './message-renderers.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationTemplates } from './notification-templates.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsHousekeeping } from './notifications-housekeeping.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Outgoing email and SMS: the notifications rows, their sending (a worker job), providers and
 * templates. Other modules create messages through NotificationsService and add templates through
 * MessageRenderers; this module depends on no other feature module, so any of them may use it.
 */
@Module({
  imports: [AuditModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationsRepository,
    NotificationDispatcher,
    NotificationsHousekeeping,
    NotificationTemplates,
    MessageRenderers,
    DeliveryProviders,
  ],
  exports: [NotificationsService, MessageRenderers, NotificationTemplates],
})
export class NotificationsModule {}
