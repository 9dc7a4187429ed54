import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from './notifications-core.module';

/** Worker: sends deliveries over webhooks and SMS, each retried on its own. */
@Module({
  imports: [NotificationsCoreModule],
})
export class NotificationsWorkerModule {}
