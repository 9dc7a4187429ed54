import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { RemindersCoreModule } from './reminders-core.module';

/** Worker: fires due items' stages, runs the sweep and re-derives items after rule changes. */
@Module({
  imports: [RemindersCoreModule, NotificationsCoreModule],
})
export class RemindersWorkerModule {}
