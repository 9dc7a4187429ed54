import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { median, perSecond, progress, repeat, seconds } from '../bench-report';
import { benchConfig, closeBench, runBench } from '../bench-run';
import { COUNTY_PATH, DATASET, prepareDataset } from './dataset';
import {
  bootWorker,
  checkScheduled,
  dropSchoolReports,
  pauseMaintenance,
  processDueJobs,
  resetReminders,
  scheduleOpenCases,
  ScheduleRun,
  setClock,
} from './our-path';
import { noopWorker, rawAddBulk, reminderShapedJobs } from './raw-baselines';

/**
 * `npm run bench:reminders`: schedules the reminders of 100,000 open cases and processes
 * 100,000 due reminder jobs through our code, beside raw BullMQ addBulk and a no-op worker
 * measured in the same run. Targets (issue 4): scheduling within 2× of raw addBulk;
 * at least 1,000 reminders/s.
 */
const DATABASE = 'baoxue_bench_reminders';
/** The scheduler's chunk: the raw baseline adds the same number of jobs per addBulk. */
const ADD_CHUNK = 1_000;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** Longest the processing run may take; a busier machine reports its rate up to then. */
const PROCESS_CAP_S = Number(process.env['BENCH_PROCESS_CAP_S'] ?? 1800);
const DAY_MS = 24 * 3600 * 1000;

/** `time` (HH:MM) China time, `days` after `day`. */
function chinaAt(day: string, days: number, time: string): Date {
  return new Date(Date.parse(`${day}T${time}:00+08:00`) + days * DAY_MS);
}

async function main(): Promise<string[]> {
  const started = Date.now();
  const prefix = `bench_reminders_${process.pid}`;
  const config = benchConfig(DATABASE, prefix, {
    // The periodic sweep is not what is measured.
    REMINDER_SWEEP_MINUTES: String(24 * 60),
  });
  const cases = DATASET.cases;
  const schools = DATASET.towns * DATASET.schoolsPerTown;
  const figures: string[] = [];
  let context: INestApplicationContext | null = null;
  try {
    const { anchorDay } = await prepareDataset(config.DATABASE_URL);

    // Raw addBulk: jobs of the scheduler's shape, delayed 5–6 days like the dataset's follow-ups.
    const rawJobs = reminderShapedJobs(cases, (index) => (5 + (index % 2)) * DAY_MS);
    progress('booting the worker module');
    const worker = await bootWorker(config);
    context = worker;
    await pauseMaintenance(worker);
    setClock(worker, chinaAt(anchorDay, 0, '12:00'));

    // Raw and ours alternate, so a change of load on the machine falls on both alike.
    const raw: number[] = [];
    const ours: ScheduleRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      raw.push(await rawAddBulk(config, rawJobs, ADD_CHUNK));
      progress(`raw addBulk run ${run}/${RUNS}: ${seconds(raw[raw.length - 1])}`);
      await resetReminders(worker);
      const ourRun = await scheduleOpenCases(worker, COUNTY_PATH);
      await checkScheduled(worker, cases + schools);
      ours.push(ourRun);
      progress(
        `our scheduling run ${run}/${RUNS}: ${seconds(ourRun.ms)} for ${ourRun.items} items, of which adding jobs ${seconds(ourRun.scheduleMs)}`,
      );
    }
    const ourMedian = median(ours.map((run) => run.ms));
    const rawMedian = median(raw);
    const scheduleShare = median(ours.map((run) => run.scheduleMs));
    figures.push(
      `reminders.schedule.100k: ${seconds(ourMedian)} (raw addBulk ${seconds(rawMedian)}, ratio ${(ourMedian / rawMedian).toFixed(2)}; target ≤ 2; of ours, inside ReminderScheduler.schedule ${seconds(scheduleShare)}, which overlaps the derivation of the next batch; ${ours[0]?.items ?? 0} items with the schools' reports)`,
    );

    const noop = await repeat(RUNS, 'no-op worker', () => noopWorker(config, rawJobs, ADD_CHUNK));
    const noopMedian = median(noop);

    // The last scheduling run left one delayed job per case. An hour after the last of them
    // fires (08:00, five days on) every one is due, and no escalation yet (two days after each).
    await dropSchoolReports(worker);
    const processed = await processDueJobs(
      worker,
      cases,
      chinaAt(anchorDay, 5, '09:00'),
      PROCESS_CAP_S * 1000,
    );
    const doneNote = processed.capped
      ? `${processed.jobs} of ${cases} jobs (stopped at the ${PROCESS_CAP_S} s cap)`
      : `${processed.jobs} jobs`;
    progress(
      `processing: ${doneNote} in ${seconds(processed.ms)}, ${processed.notifications} notifications, ${processed.failed} failed`,
    );
    figures.push(
      `reminders.process.100k: ${seconds(processed.ms)} for ${doneNote}, ${perSecond(processed.jobs, processed.ms)} jobs/s (no-op worker ${seconds(noopMedian)}, ${perSecond(cases, noopMedian)} jobs/s, ratio ${(perSecond(cases, noopMedian) / perSecond(processed.jobs, processed.ms)).toFixed(2)}; target ≥ 1000 jobs/s; concurrency ${config.REMINDER_CONCURRENCY})`,
      `reminders.process.notifications: ${processed.notifications} stored for ${processed.jobs} jobs (2 per case expected: ${2 * processed.jobs}), ${processed.failed} jobs failed`,
    );
  } finally {
    await closeBench(context, prefix, started);
  }
  return figures;
}

runBench(main);
