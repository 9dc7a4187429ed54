import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../apps/api/src/config/app-config';
import { bullConnection, bullPrefix } from '../../../apps/api/src/queues/bull-connection';
import { REMINDER_JOB_OPTIONS } from '../../../apps/api/src/queues/job-options';
import { dueJobId, JOBS } from '../../../apps/api/src/queues/queue-names';
import { waitFor } from '../bench-report';

/** What the reminder scheduler adds per item, with the bench's own ids and delays. */
export interface RawJob {
  name: string;
  data: { dueItemId: string; stage: 'due' };
  opts: JobsOptions;
}

/** `count` reminder jobs of the scheduler's shape: deterministic id, its options, a delay of days. */
export function reminderShapedJobs(count: number, delayMs: (index: number) => number): RawJob[] {
  return Array.from({ length: count }, (_, index) => {
    const dueItemId = randomUUID();
    return {
      name: JOBS.reminderFire,
      data: { dueItemId, stage: 'due' },
      opts: { ...REMINDER_JOB_OPTIONS, jobId: dueJobId(dueItemId, 'due'), delay: delayMs(index) },
    };
  });
}

function benchQueue(config: AppConfig, name: string): Queue {
  return new Queue(name, { connection: bullConnection(config), prefix: bullPrefix(config) });
}

/** Raw BullMQ: `jobs` added with addBulk in chunks of `chunk`, one chunk at a time. Returns ms. */
export async function rawAddBulk(config: AppConfig, jobs: readonly RawJob[], chunk: number): Promise<number> {
  const queue = benchQueue(config, 'bench-raw-schedule');
  try {
    await queue.obliterate({ force: true });
    await queue.waitUntilReady();
    const started = performance.now();
    for (let start = 0; start < jobs.length; start += chunk)
      await queue.addBulk(jobs.slice(start, start + chunk) as RawJob[]);
    const ms = performance.now() - started;
    const counts = await queue.getJobCounts('delayed');
    if (counts['delayed'] !== jobs.length)
      throw new Error(`raw addBulk left ${counts['delayed']} delayed jobs, expected ${jobs.length}`);
    await queue.obliterate({ force: true });
    return ms;
  } finally {
    await queue.close();
  }
}

/**
 * A worker whose processor does nothing, on `jobs` waiting jobs of the reminder shape,
 * with the reminder queue's concurrency: the floor any reminder handler stands on. The
 * jobs are queued while the queue is paused; the clock runs from resume to the last done.
 */
export async function noopWorker(config: AppConfig, jobs: readonly RawJob[], chunk: number): Promise<number> {
  const queue = benchQueue(config, 'bench-noop');
  let completed = 0;
  let failed = 0;
  const worker = new Worker(queue.name, async (_job: Job) => undefined, {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
    concurrency: config.REMINDER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
    autorun: false,
  });
  worker.on('completed', () => completed++);
  worker.on('failed', () => failed++);
  try {
    await queue.obliterate({ force: true });
    await queue.pause();
    for (let start = 0; start < jobs.length; start += chunk)
      await queue.addBulk(
        jobs.slice(start, start + chunk).map((job) => ({ ...job, opts: { ...job.opts, delay: 0 } })),
      );
    void worker.run();
    await worker.waitUntilReady();
    const started = performance.now();
    await queue.resume();
    await waitFor(
      async () => completed + failed >= jobs.length,
      10 * 60_000,
      async () => `no-op worker: ${completed} completed, ${failed} failed of ${jobs.length}`,
      20,
    );
    const ms = performance.now() - started;
    if (failed > 0) throw new Error(`no-op worker: ${failed} jobs failed`);
    return ms;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
