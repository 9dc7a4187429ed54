import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module';
import { RemindersCoreModule } from '../../reminders/reminders-core.module';
import { ComparisonJobs } from './comparison.jobs';
import { ComparisonRunner } from './comparison-runner';

/** Comparison runs in the worker: computing the findings and the report. */
@Module({
  imports: [QueuesModule, RemindersCoreModule],
  providers: [ComparisonRunner, ComparisonJobs],
})
export class ComparisonsWorkerModule {}
