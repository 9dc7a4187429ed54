import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { RiskJobsHandler } from './risk-jobs.handler';
import { RiskRecompute } from './risk-recompute';

/** Recomputes risk scores in the queue worker: after a roll, after a rule change, and nightly. */
@Module({
  imports: [QueuesModule],
  providers: [RiskRecompute, RiskJobsHandler],
  exports: [RiskJobsHandler],
})
export class EarlyWarningWorkerModule {}
