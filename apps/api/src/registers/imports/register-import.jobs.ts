import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from '../../queues/job-handler-registry';
import { JOBS } from '../../queues/queue-names';

/** Runs the register import jobs in the worker. */
@Injectable()
export class RegisterImportJobs implements OnModuleInit {
  constructor(private readonly registry: JobHandlerRegistry) {}

  onModuleInit(): void {
    this.registry.register(JOBS.registerValidate, async () => {
      throw new Error('register.validate is not built yet');
    });
    this.registry.register(JOBS.registerImport, async () => {
      throw new Error('register.import is not built yet');
    });
  }
}
