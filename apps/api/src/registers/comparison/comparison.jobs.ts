import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from '../../queues/job-handler-registry';
import { JOBS } from '../../queues/queue-names';

/** Runs the comparison jobs in the worker. */
@Injectable()
export class ComparisonJobs implements OnModuleInit {
  constructor(private readonly registry: JobHandlerRegistry) {}

  onModuleInit(): void {
    this.registry.register(JOBS.comparisonRun, async () => {
      throw new Error('comparison.run is not built yet');
    });
    this.registry.register(JOBS.comparisonRoute, async () => {
      throw new Error('comparison.route is not built yet');
    });
  }
}
