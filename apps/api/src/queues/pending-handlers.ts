import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from './job-handler-registry';
import { JobName } from './queue-names';

/** TEMPORARY while the reminder features land: job names whose handler is still being written. */
const PENDING: JobName[] = [];

@Injectable()
export class PendingHandlers implements OnModuleInit {
  constructor(private readonly registry: JobHandlerRegistry) {}

  onModuleInit(): void {
    for (const name of PENDING)
      this.registry.register(name, async () => {
        throw new Error(`${name}: not written yet`);
      });
  }
}
