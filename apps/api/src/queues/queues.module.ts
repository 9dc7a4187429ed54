import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { bullConnection, bullPrefix } from './bull-connection';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { JobHandlerRegistry } from './job-handler-registry';
import { QUEUES } from './queue-names';

/** BullMQ connection (with the deployment's key prefix), the queues, and the job handler registry. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: bullConnection(config),
        prefix: bullPrefix(config),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...Object.values(QUEUES).map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [JobHandlerRegistry],
  exports: [BullModule, JobHandlerRegistry],
})
export class QueuesModule {}
