import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandlerRegistry } from '../../queues/job-handler-registry';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { requeue } from '../register-jobs-requeue';
import { ComparisonRunJobData, ComparisonRunner } from './comparison-runner';
import { COMPARISON_RUN_JOB_OPTIONS, comparisonRunJobId } from './comparisons.service';

/**
 * Runs the comparison jobs in the worker. At start, runs the database still calls queued or
 * running get their job again (a flushed Redis, a job failed by stalling twice, a queue that
 * was down when the run was started), so no run waits forever.
 */
@Injectable()
export class ComparisonJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly runner: ComparisonRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.registers) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.comparisonRun, (job) =>
      this.runner.run((job as Job<ComparisonRunJobData>).data.runId),
    );
    // Routing runs in its request (it opens cases as the officer who routes): nothing is queued.
    this.registry.register(JOBS.comparisonRoute, () => {
      throw new Error('comparison.route runs in the request; no job is queued for it');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const runs: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM comparison_runs WHERE status IN ('queued', 'running')`,
    );
    for (const run of runs) {
      const data: ComparisonRunJobData = { runId: run.id };
      await requeue(this.queue, JOBS.comparisonRun, data, {
        ...COMPARISON_RUN_JOB_OPTIONS,
        jobId: comparisonRunJobId(run.id),
      });
    }
  }
}
