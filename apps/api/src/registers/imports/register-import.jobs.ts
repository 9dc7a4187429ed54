import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { JobHandlerRegistry } from '../../queues/job-handler-registry';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { requeue } from '../register-jobs-requeue';
import { RegisterImportJobData, RegisterImportRun } from './register-import-run';

/**
 * Register jobs retry with backoff (REGISTER_JOB_ATTEMPTS, REGISTER_JOB_BACKOFF_MS); a worker
 * killed mid-run leaves a stalled job that another worker picks up and resumes.
 */
export function registerJobOptions(config: AppConfig): JobsOptions {
  return {
    attempts: config.REGISTER_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.REGISTER_JOB_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** One dry run per saved mapping (a retry of the same version is the same job). */
export function registerValidateJobId(importId: string, version: number): string {
  return `register.validate.${importId}.${version}`;
}

/** One real run per import: a second commit request cannot queue a second writer. */
export function registerImportJobId(importId: string): string {
  return `register.import.${importId}`;
}

/**
 * Runs the register import jobs in the worker; the last failed attempt marks the import failed.
 * At start, imports the database says are running get their job again (same id: a no-op
 * while the job waits or runs; a job BullMQ failed on its own is replaced), so neither a
 * flushed Redis nor a twice-stalled job leaves an import waiting forever.
 */
@Injectable()
export class RegisterImportJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(RegisterImportJobs.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly run: RegisterImportRun,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.registers) private readonly queue: Queue<RegisterImportJobData>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const running: { id: string; status: string; version: number; user_id: string; username: string }[] =
      await this.dataSource.query(
        `SELECT i.id, i.status, i.version, u.id AS user_id, u.username FROM register_imports i
           JOIN users u ON u.id = i.created_by_user_id
          WHERE i.status IN ('validating', 'importing')`,
      );
    for (const row of running) {
      const data = {
        importId: row.id,
        actor: { userId: row.user_id, username: row.username, clientIp: null },
      };
      const jobId =
        row.status === 'importing' ? registerImportJobId(row.id) : registerValidateJobId(row.id, row.version);
      const name = row.status === 'importing' ? JOBS.registerImport : JOBS.registerValidate;
      await requeue(this.queue, name, data, { ...registerJobOptions(this.config), jobId });
    }
  }

  onModuleInit(): void {
    this.registry.register(JOBS.registerValidate, (job) =>
      this.guard(job as Job<RegisterImportJobData>, () => this.run.validate(job.data), 'validate_failed'),
    );
    this.registry.register(JOBS.registerImport, (job) =>
      this.guard(job as Job<RegisterImportJobData>, () => this.run.import(job.data), 'import_failed'),
    );
  }

  private async guard<T>(
    job: Job<RegisterImportJobData>,
    work: () => Promise<T>,
    reason: string,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // Only the error's kind: a database message may quote a row's values.
      const code = (error as { code?: string }).code;
      this.logger.warn(
        `register job ${job.name} ${job.id} failed (attempt ${job.attemptsMade + 1})${code ? `: ${code}` : ''}`,
      );
      const failure = code ? `${reason} (${code})` : reason;
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.run.fail(job.data.importId, failure);
      // BullMQ keeps a failed job's reason in Redis: the code, never the message.
      throw new Error(failure);
    }
  }
}
