import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module';

/** Comparison runs (HTTP side): start a run, its report and findings, routing and confirmation. */
@Module({
  imports: [QueuesModule],
  controllers: [],
  providers: [],
})
export class ComparisonsModule {}
