import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS, QUEUES } from '../queues/queue-names';

/** Hourly: delete sessions past their expiry (they are already refused; this keeps the table small). */
@Injectable()
export class PurgeExpiredSessions implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(PurgeExpiredSessions.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly registry: JobHandlerRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.purgeExpiredSessions, () => this.run());
  }

  /** Registers the repeatable schedule once; the deterministic scheduler id makes it idempotent. */
  async onApplicationBootstrap(): Promise<void> {
    // At minute 17 of every hour (a cron pattern does not fire at start-up, unlike `every`).
    await this.queue.upsertJobScheduler(
      JOBS.purgeExpiredSessions,
      { pattern: '17 * * * *', tz: 'Asia/Shanghai' },
      { name: JOBS.purgeExpiredSessions },
    );
  }

  async run(): Promise<{ deleted: number }> {
    const result = await this.dataSource.query('DELETE FROM sessions WHERE expires_at < $1', [
      this.clock.now(),
    ]);
    const deleted = Number(result?.[1] ?? 0);
    this.logger.log(`purged ${deleted} expired sessions`);
    return { deleted };
  }
}
