import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { QueuesModule } from '../queues/queues.module';
import { RederiveHandler } from './rederive.handler';
import { ReminderFireHandler } from './reminder-fire.handler';
import { ReminderSweep } from './reminder-sweep';
import { RemindersCoreModule } from './reminders-core.module';

/** Worker: fires due items' stages, runs the sweep and re-derives items after rule changes. */
@Module({
  imports: [QueuesModule, RemindersCoreModule, NotificationsCoreModule],
  providers: [ReminderFireHandler, ReminderSweep, RederiveHandler],
  exports: [ReminderSweep, RederiveHandler],
})
export class RemindersWorkerModule {}
