import type { DefaultJobOptions, JobsOptions } from 'bullmq';

/** Central job options: bounded retention of completed jobs, failures kept for inspection. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * Reminder jobs (one per due item and stage): a fired stage is recorded in PostgreSQL, so a
 * completed job need not be kept (a re-added one finds its stage past and does nothing).
 */
export const REMINDER_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * One outside delivery (webhook, SMS): DELIVERY_ATTEMPTS tries, the first retry after
 * DELIVERY_BACKOFF_MS and each further one twice as late. Failed ones are kept for inspection.
 */
export function deliveryJobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}
