import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { MaintenanceProcessor, MaintenanceSchedule } from './auth/purge-expired-sessions.processor';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { loggerOptions } from './config/logger';
import { DatabaseModule } from './database/database.module';
import { QueuesModule } from './queues/queues.module';

/** The queue worker: BullMQ processors, no HTTP. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync(loggerOptions),
    CommonModule,
    DatabaseModule,
    QueuesModule,
  ],
  providers: [MaintenanceProcessor, MaintenanceSchedule],
})
export class WorkerModule {}
