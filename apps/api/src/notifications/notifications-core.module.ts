import { Module } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { QueuesModule } from '../queues/queues.module';
import { NotificationsService } from './notifications.service';
import { WebhookSender } from './senders/webhook-sender';

/** Storing notifications (deduplicated) with their outside deliveries, and queueing those. */
@Module({
  imports: [QueuesModule],
  providers: [NotificationsService, SecretBox, WebhookSender],
  exports: [NotificationsService, SecretBox, WebhookSender],
})
export class NotificationsCoreModule {}
