import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS, QUEUES } from '../queues/queue-names';
import { RecomputeResult, RiskRecompute } from './risk-recompute';
import { RiskCountyJobData, RiskStudentsJobData } from './risk-scheduler';

/** Runs the risk jobs in the worker, and keeps the nightly recompute scheduled. */
@Injectable()
export class RiskJobsHandler implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.risk) private readonly queue: Queue,
    private readonly registry: JobHandlerRegistry,
    private readonly recompute: RiskRecompute,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.riskStudents, (job) =>
      this.recompute.students((job as Job<RiskStudentsJobData>).data.studentIds),
    );
    this.registry.register(JOBS.riskCounty, (job) =>
      this.county((job as Job<RiskCountyJobData>).data.regionId),
    );
    this.registry.register(JOBS.riskNightly, () => this.recompute.under('/'));
  }

  /** Nightly, before the morning roll: the window slides and flags end even when nothing is saved. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JOBS.riskNightly,
      { pattern: '30 2 * * *', tz: 'Asia/Shanghai' },
      { name: JOBS.riskNightly },
    );
  }

  /** A county (or zone) whose rules changed; a region gone since has nothing to recompute. */
  async county(regionId: string): Promise<RecomputeResult> {
    const [region]: { path: string }[] = await this.dataSource.query(
      'SELECT path FROM regions WHERE id = $1',
      [regionId],
    );
    if (!region) return { scored: 0, removed: 0 };
    return this.recompute.under(region.path);
  }
}
