import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { Clock } from '../../../apps/api/src/common/clock';
import { AppConfig } from '../../../apps/api/src/config/app-config';
import { dueJobId, QUEUES } from '../../../apps/api/src/queues/queue-names';
import { RederiveHandler } from '../../../apps/api/src/reminders/rederive.handler';
import { ReminderScheduler } from '../../../apps/api/src/reminders/reminder-scheduler';
import { WorkerModule } from '../../../apps/api/src/worker.module';
import { progress, seconds, waitFor } from '../bench-report';

/** The worker entry point's module, as `npm run worker` boots it, on the bench's config. */
export async function bootWorker(config: AppConfig): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  moduleRef.useLogger(moduleRef.get(Logger));
  return moduleRef.init();
}

export function dataSourceOf(context: INestApplicationContext): DataSource {
  return context.get<DataSource>(getDataSourceToken());
}

export function remindersQueue(context: INestApplicationContext): Queue {
  return context.get<Queue>(getQueueToken(QUEUES.reminders));
}

/** Moves the process's clock (shared by every service of the context) to `target`. */
export function setClock(context: INestApplicationContext, target: Date): void {
  const clock = context.get(Clock);
  clock.advance(target.getTime() - clock.now().getTime());
}

/** Nothing of a previous run: no due items or notifications, an empty reminders queue. */
export async function resetReminders(context: INestApplicationContext): Promise<void> {
  await dataSourceOf(context).query('TRUNCATE due_items, notifications, notification_deliveries');
  await remindersQueue(context).obliterate({ force: true });
}

export interface ScheduleRun {
  ms: number;
  /** Of which adding the jobs to Redis (ReminderScheduler.schedule). */
  scheduleMs: number;
  items: number;
}

/**
 * Our path for every open case: the county's re-derivation (RederiveHandler, the
 * `reminders.rederive` job), which walks the open cases in batches, has DueItemsSync derive
 * each batch's items in one transaction and ReminderScheduler add their jobs, then adds the
 * schools' monthly report items. Time spent inside ReminderScheduler.schedule is measured
 * on the side.
 */
export async function scheduleOpenCases(
  context: INestApplicationContext,
  countyPath: string,
): Promise<ScheduleRun> {
  const [county]: { id: string }[] = await dataSourceOf(context).query(
    'SELECT id FROM regions WHERE path = $1',
    [countyPath],
  );
  const scheduler = context.get(ReminderScheduler);
  const original = scheduler.schedule;
  let scheduleMs = 0;
  scheduler.schedule = async function timed(this: ReminderScheduler, ...args) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      scheduleMs += performance.now() - started;
    }
  };
  try {
    const started = performance.now();
    const result = await context.get(RederiveHandler).run(county.id);
    return { ms: performance.now() - started, scheduleMs, items: result.scheduled };
  } finally {
    scheduler.schedule = original;
  }
}

/** Checks what a scheduling run must leave: one pending item and one delayed job per case and school. */
export async function checkScheduled(context: INestApplicationContext, items: number): Promise<void> {
  const [row]: { pending: number }[] = await dataSourceOf(context).query(
    `SELECT count(*)::int AS pending FROM due_items WHERE status = 'pending' AND next_stage = 'due'`,
  );
  const counts = await remindersQueue(context).getJobCounts('delayed', 'wait', 'active', 'failed');
  if (row.pending !== items || counts['delayed'] !== items)
    throw new Error(
      `scheduling left ${row.pending} pending items and ${JSON.stringify(counts)} jobs; expected ${items} of each`,
    );
}

/**
 * Takes the schools' report items (due at the month's end) out of the processing run, which
 * promotes every delayed job: what is measured is the cases' reminders only.
 */
export async function dropSchoolReports(context: INestApplicationContext): Promise<number> {
  const rows: { id: string }[] = await dataSourceOf(context).query(
    `WITH dropped AS (
       UPDATE due_items SET status = 'cancelled', next_stage = NULL, next_fire_at = NULL
       WHERE kind = 'school_report' AND status = 'pending' AND next_stage = 'due' RETURNING id
     )
     SELECT id FROM dropped`,
  );
  const queue = remindersQueue(context);
  await Promise.all(rows.map((row) => queue.remove(dueJobId(row.id, 'due'))));
  return rows.length;
}

/**
 * The maintenance queue (the periodic sweep, re-derivations) paused for the whole run, once
 * any job it is running has finished: the sweep is not what is measured.
 */
export async function pauseMaintenance(context: INestApplicationContext): Promise<void> {
  const queue = context.get<Queue>(getQueueToken(QUEUES.maintenance));
  await queue.pause();
  await waitFor(
    async () => (await queue.getJobCounts('active'))['active'] === 0,
    5 * 60_000,
    async () => 'the maintenance queue is still running a job',
  );
}

export interface ProcessRun {
  ms: number;
  /** Jobs done: all of them, unless the time cap stopped the run first. */
  jobs: number;
  notifications: number;
  failed: number;
  capped: boolean;
}

/**
 * Our fire handler through the worker's own BullMQ workers: the clock moved past every due
 * time, the delayed jobs promoted while the queue is paused, then the clock runs from resume
 * until nothing waits or runs, or `capMs` has passed (on a machine too busy to finish, the
 * rate so far is the figure). The notifications stored are counted to prove the work.
 */
export async function processDueJobs(
  context: INestApplicationContext,
  jobs: number,
  now: Date,
  capMs: number,
): Promise<ProcessRun> {
  const queue = remindersQueue(context);
  const dataSource = dataSourceOf(context);
  setClock(context, now);
  await queue.pause();
  await queue.promoteJobs({ count: 5000 });
  const ready = await queue.getJobCounts('wait', 'paused', 'delayed');
  const waiting = ready['wait'] + ready['paused'];
  if (waiting !== jobs)
    throw new Error(`promoted ${waiting} jobs, expected ${jobs}: ${JSON.stringify(ready)}`);
  progress(`processing: ${waiting} reminder jobs ready, resuming the queue`);
  const started = performance.now();
  await queue.resume();
  let lastReport = started;
  let left = jobs;
  while (left > 0 && performance.now() - started < capMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const counts = await queue.getJobCounts('wait', 'paused', 'active', 'prioritized');
    left = counts['wait'] + counts['paused'] + counts['active'] + counts['prioritized'];
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      progress(`processing: ${left} jobs left after ${seconds(lastReport - started)}`);
    }
  }
  const ms = performance.now() - started;
  if (left > 0) {
    // Stop taking jobs; the ones running finish and are counted as done.
    await queue.pause();
    await waitFor(
      async () => (await queue.getJobCounts('active'))['active'] === 0,
      5 * 60_000,
      async () => 'reminder jobs still running',
    );
    const rest = await queue.getJobCounts('wait', 'paused');
    left = rest['wait'] + rest['paused'];
  }
  const [row]: { notifications: number }[] = await dataSource.query(
    `SELECT count(*)::int AS notifications FROM notifications WHERE stage = 'due'`,
  );
  const counts = await queue.getJobCounts('failed');
  return {
    ms,
    jobs: jobs - left,
    notifications: row.notifications,
    failed: counts['failed'],
    capped: left > 0,
  };
}
