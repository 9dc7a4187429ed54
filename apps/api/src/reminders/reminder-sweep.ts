import { ReminderStage } from '@baoxue/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { dueJobId, JOBS, QUEUES } from '../queues/queue-names';
import { CountySettingsService } from './county-settings.service';
import { DueItemsSync } from './due-items.sync';
import { ReminderJobData, ReminderScheduler, ScheduledStage } from './reminder-scheduler';
import { chinaPeriod, ensureSchoolReportItems } from './school-report-items';

export interface SweepResult {
  /** Jobs that should have existed and did not. */
  scheduled: number;
  /** Waiting or delayed jobs whose item is resolved or has moved to another stage. */
  removed: number;
  /** Delayed jobs whose time has come by our clock (ahead of Redis' in tests). */
  promoted: number;
  /** Jobs of still-pending stages that had failed every attempt, tried again. */
  retried: number;
  /** Due items created (this month's school reports). */
  created: number;
  /** Deliveries queued again. */
  requeued: number;
  /** Another worker holds the sweep. */
  skipped: boolean;
}

/** Any fixed number: the advisory lock that lets one sweep run at a time across workers. */
const SWEEP_LOCK = 4_180_401;
const CHUNK = 1_000;
const JOB_ID = /^due\.([0-9a-f-]{36})\.([a-z_]+)$/;

/**
 * Makes Redis match PostgreSQL again: creates this month's school-report items, re-creates
 * missing reminder jobs (after Redis lost its data, or a failed enqueue), promotes the ones
 * due by our clock, drops the ones no longer due, and re-queues pending deliveries.
 */
@Injectable()
export class ReminderSweep implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderSweep.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @InjectQueue(QUEUES.reminders) private readonly reminders: Queue<ReminderJobData>,
    private readonly registry: JobHandlerRegistry,
    private readonly scheduler: ReminderScheduler,
    private readonly sync: DueItemsSync,
    private readonly settings: CountySettingsService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.remindersSweep, () => this.run());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      JOBS.remindersSweep,
      { every: this.config.REMINDER_SWEEP_MINUTES * 60_000 },
      { name: JOBS.remindersSweep },
    );
  }

  async run(): Promise<SweepResult> {
    const result: SweepResult = {
      scheduled: 0,
      removed: 0,
      promoted: 0,
      retried: 0,
      created: 0,
      requeued: 0,
      skipped: false,
    };
    // The lock lives as long as this transaction; the steps run on other connections.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
      if (!locked) return { ...result, skipped: true };
      result.created = await this.createSchoolReports();
      result.scheduled = await this.scheduleMissing();
      ({ promoted: result.promoted, retried: result.retried } = await this.promoteDue());
      result.removed = await this.removeStale();
      result.requeued = await this.notifications.requeuePending();
      this.logger.log(`sweep: ${JSON.stringify(result)}`);
      return result;
    } finally {
      if (runner.isTransactionActive) await runner.commitTransaction();
      await runner.release();
    }
  }

  private async createSchoolReports(): Promise<number> {
    const now = this.clock.now();
    const { created, changes } = await this.dataSource.transaction((manager) =>
      ensureSchoolReportItems(manager, chinaPeriod(now), now, (path) =>
        this.settings.settingsFor(path, { manager }),
      ),
    );
    await this.sync.apply(changes);
    return created;
  }

  /** Pending items' jobs that Redis does not have, added (one EXISTS per job, pipelined). */
  private async scheduleMissing(): Promise<number> {
    const rows: { id: string; next_stage: ReminderStage; next_fire_at: Date }[] = await this.dataSource.query(
      `SELECT id, next_stage, next_fire_at FROM due_items
       WHERE status = 'pending' AND next_stage IS NOT NULL AND next_fire_at IS NOT NULL`,
    );
    // BullMQ's client is an ioredis connection; its declared type hides the pipeline's commands.
    const client = (await this.reminders.client) as unknown as Redis;
    let scheduled = 0;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const pipeline = client.pipeline();
      for (const row of chunk) pipeline.exists(this.reminders.toKey(dueJobId(row.id, row.next_stage)));
      const exists = (await pipeline.exec()) ?? [];
      const missing: ScheduledStage[] = chunk
        .filter((_, index) => exists[index]?.[1] !== 1)
        .map((row) => ({ id: row.id, nextStage: row.next_stage, nextFireAt: new Date(row.next_fire_at) }));
      await this.scheduler.schedule(missing);
      scheduled += missing.length;
    }
    return scheduled;
  }

  /** Delayed jobs whose stage is due by our clock run now. */
  /**
   * Brings forward what is due by our clock, and tries again a due stage whose job failed
   * every attempt (e.g. while the database was down): the item is still owed its reminder.
   */
  private async promoteDue(): Promise<{ promoted: number; retried: number }> {
    const rows: { id: string; next_stage: ReminderStage }[] = await this.dataSource.query(
      `SELECT id, next_stage FROM due_items
       WHERE status = 'pending' AND next_stage IS NOT NULL AND next_fire_at <= $1`,
      [this.clock.now()],
    );
    let promoted = 0;
    let retried = 0;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const jobs = await Promise.all(
        rows
          .slice(start, start + CHUNK)
          .map((row) => this.reminders.getJob(dueJobId(row.id, row.next_stage))),
      );
      const done = await Promise.all(
        jobs.map(async (job): Promise<'promoted' | 'retried' | null> => {
          if (!job) return null;
          // It may have been promoted, taken or retried meanwhile: then nothing is counted.
          if (await job.isFailed())
            return job.retry('failed').then(
              () => 'retried' as const,
              () => null,
            );
          // A retry waiting out its backoff keeps waiting: only first runs are brought forward.
          if (job.attemptsMade > 0 || !(await job.isDelayed())) return null;
          return job.promote().then(
            () => 'promoted' as const,
            () => null,
          );
        }),
      );
      promoted += done.filter((outcome) => outcome === 'promoted').length;
      retried += done.filter((outcome) => outcome === 'retried').length;
    }
    return { promoted, retried };
  }

  /** Waiting and delayed jobs whose item is resolved, gone, or at another stage. */
  private async removeStale(): Promise<number> {
    const jobIds = (await this.reminders.getRanges(['delayed', 'waiting', 'prioritized'], 0, -1)).filter(
      (id): id is string => typeof id === 'string',
    );
    let removed = 0;
    for (let start = 0; start < jobIds.length; start += CHUNK) {
      const parsed = jobIds
        .slice(start, start + CHUNK)
        .map((jobId) => ({ jobId, match: JOB_ID.exec(jobId) }))
        .filter((entry) => entry.match !== null)
        .map((entry) => ({ jobId: entry.jobId, itemId: entry.match![1], stage: entry.match![2] }));
      const live: { id: string; next_stage: string }[] = await this.dataSource.query(
        `SELECT id, next_stage FROM due_items WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
        [parsed.map((entry) => entry.itemId)],
      );
      const current = new Map(live.map((row) => [row.id, row.next_stage]));
      const stale = parsed.filter((entry) => current.get(entry.itemId) !== entry.stage);
      const results = await Promise.all(
        stale.map((entry) => this.reminders.remove(entry.jobId).catch(() => 0)),
      );
      removed += results.filter((n) => n === 1).length;
    }
    return removed;
  }
}
