import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';

/** Storing notifications (deduplicated) with their outside deliveries, and queueing those. */
@Module({
  imports: [QueuesModule],
})
export class NotificationsCoreModule {}
