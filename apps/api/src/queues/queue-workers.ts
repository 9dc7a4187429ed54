import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { bullConnection, bullPrefix } from './bull-connection';
import { JobHandlerRegistry } from './job-handler-registry';
import { QUEUES, QueueName } from './queue-names';

/**
 * The worker process's BullMQ workers, one per queue, created once every feature has
 * registered its handlers. Start-up fails if a job name has no handler. On shutdown each
 * worker stops taking jobs and waits for the ones in flight; a job cut off by a crash is
 * handed to another worker by BullMQ's stalled-job check after WORKER_LOCK_MS.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobHandlerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const missing = this.registry.missing();
    if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
    for (const queue of Object.values(QUEUES)) this.workers.push(this.start(queue));
  }

  /** Before any module's onApplicationShutdown: jobs in flight still have the database and queues. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private concurrency(queue: QueueName): number {
    if (queue === QUEUES.reminders) return this.config.REMINDER_CONCURRENCY;
    if (queue === QUEUES.notifications) return this.config.DELIVERY_CONCURRENCY;
    return 1;
  }

  private start(queue: QueueName): Worker {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const handler = this.registry.handlerFor(job.name);
        if (!handler) throw new Error(`no handler for job ${job.name} on ${queue}`);
        return handler(job);
      },
      {
        connection: bullConnection(this.config),
        prefix: bullPrefix(this.config),
        concurrency: this.concurrency(queue),
        lockDuration: this.config.WORKER_LOCK_MS,
        stalledInterval: this.config.WORKER_LOCK_MS,
      },
    );
    worker.on('failed', (job, error) =>
      this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
    );
    worker.on('error', (error) => this.logger.error(`worker ${queue}: ${error.message}`));
    return worker;
  }
}
