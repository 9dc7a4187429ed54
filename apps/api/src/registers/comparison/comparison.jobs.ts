import { Injectable, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobHandlerRegistry } from '../../queues/job-handler-registry';
import { JOBS } from '../../queues/queue-names';
import { ComparisonRunJobData, ComparisonRunner } from './comparison-runner';

/** Runs the comparison jobs in the worker. */
@Injectable()
export class ComparisonJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly runner: ComparisonRunner,
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
}
