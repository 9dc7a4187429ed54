import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module';
import { ComparisonJobs } from './comparison.jobs';

/** Comparison runs in the worker: computing the findings and opening their cases. */
@Module({
  imports: [QueuesModule],
  providers: [ComparisonJobs],
})
export class ComparisonsWorkerModule {}
