import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JOBS, QUEUES } from '../queues/queue-names';

/** Hourly: delete sessions past their expiry (they are already refused; this keeps the table small). */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<{ deleted: number }> {
    switch (job.name) {
      case JOBS.purgeExpiredSessions: {
        const result = await this.dataSource.query('DELETE FROM sessions WHERE expires_at < $1', [
          this.clock.now(),
        ]);
        const deleted = Number(result?.[1] ?? 0);
        this.logger.log(`purged ${deleted} expired sessions`);
        return { deleted };
      }
      default:
        throw new Error(`no handler for job ${job.name} on ${QUEUES.maintenance}`);
    }
  }
}

/** Registers the repeatable schedule once; the deterministic scheduler id makes it idempotent. */
@Injectable()
export class MaintenanceSchedule implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    // At minute 17 of every hour (a cron pattern does not fire at start-up, unlike `every`).
    await this.queue.upsertJobScheduler(
      JOBS.purgeExpiredSessions,
      { pattern: '17 * * * *', tz: 'Asia/Shanghai' },
      { name: JOBS.purgeExpiredSessions },
    );
  }
}
