import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PurgeExpiredSessions } from './auth/purge-expired-sessions.processor';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { loggerOptions } from './config/logger';
import { DatabaseModule } from './database/database.module';
import { EarlyWarningWorkerModule } from './early-warning/early-warning-worker.module';
import { LedgersWorkerModule } from './ledgers/ledgers-worker.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { QueueWorkers } from './queues/queue-workers';
import { QueuesModule } from './queues/queues.module';
import { DigestModule } from './reminders/digest.module';
import { ComparisonsWorkerModule } from './registers/comparison/comparisons-worker.module';
import { RegisterImportsWorkerModule } from './registers/imports/register-imports-worker.module';
import { RemindersWorkerModule } from './reminders/reminders-worker.module';

/** The queue worker: BullMQ processors, no HTTP. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync(loggerOptions),
    CommonModule,
    DatabaseModule,
    QueuesModule,
    RemindersWorkerModule,
    DigestModule,
    NotificationsWorkerModule,
    LedgersWorkerModule,
    EarlyWarningWorkerModule,
    RegisterImportsWorkerModule,
    ComparisonsWorkerModule,
  ],
  // QueueWorkers last: it starts the workers once every handler has registered.
  providers: [PurgeExpiredSessions, QueueWorkers],
})
export class WorkerModule {}
