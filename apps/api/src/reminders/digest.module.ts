import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { QueuesModule } from '../queues/queues.module';
import { DigestService } from './digest.service';
import { RemindersCoreModule } from './reminders-core.module';

/** Worker: the daily digest of each user's due and overdue work. */
@Module({
  imports: [QueuesModule, RemindersCoreModule, NotificationsCoreModule],
  providers: [DigestService],
  exports: [DigestService],
})
export class DigestModule {}
