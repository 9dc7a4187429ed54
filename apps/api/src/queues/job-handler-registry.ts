import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_QUEUES, JobName, QueueName } from './queue-names';

export type JobHandler = (job: Job) => Promise<unknown>;

/**
 * Which code runs each job. Feature services register their handlers when their module
 * initialises; the worker refuses to start while a job name has none (or two).
 */
@Injectable()
export class JobHandlerRegistry {
  private readonly handlers = new Map<JobName, JobHandler>();

  register(name: JobName, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    this.handlers.set(name, handler);
  }

  handlerFor(name: string): JobHandler | undefined {
    return this.handlers.get(name as JobName);
  }

  /** Job names of `queue` (or of every queue) that nothing handles. */
  missing(queue?: QueueName): JobName[] {
    return (Object.keys(JOB_QUEUES) as JobName[]).filter(
      (name) => (queue === undefined || JOB_QUEUES[name] === queue) && !this.handlers.has(name),
    );
  }
}
