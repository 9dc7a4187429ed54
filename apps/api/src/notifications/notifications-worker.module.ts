import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { DeliverySendHandler } from './delivery-send.handler';
import { NotificationsCoreModule } from './notifications-core.module';
import { LoggingSmsSender, SMS_SENDER } from './senders/sms-sender';

/** Worker: sends deliveries over webhooks and SMS, each retried on its own. */
@Module({
  imports: [QueuesModule, NotificationsCoreModule],
  providers: [DeliverySendHandler, { provide: SMS_SENDER, useClass: LoggingSmsSender }],
})
export class NotificationsWorkerModule {}
