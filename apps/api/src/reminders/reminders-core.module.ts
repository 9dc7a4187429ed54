import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { CountySettingsService } from './county-settings.service';
import { DueItemsSubscriber } from './due-items.subscriber';
import { DueItemsSync } from './due-items.sync';
import { ReminderScheduler } from './reminder-scheduler';

/**
 * Due items and their jobs, shared by the API and the worker: deriving a case's items in
 * the transaction that changed it, and scheduling their jobs once it commits.
 */
@Module({
  imports: [QueuesModule],
  providers: [CountySettingsService, ReminderScheduler, DueItemsSync, DueItemsSubscriber],
  exports: [CountySettingsService, ReminderScheduler, DueItemsSync],
})
export class RemindersCoreModule {}
