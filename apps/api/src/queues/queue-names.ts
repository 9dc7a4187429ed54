/** Every queue and job name, in one place: producers and processors import them from here. */
export const QUEUES = {
  maintenance: 'maintenance',
  /** One delayed job per (due item, stage): reminders and escalations. */
  reminders: 'reminders',
  /** One job per outside delivery (webhook, SMS), retried with exponential backoff. */
  notifications: 'notifications',
  /** Large ledger exports (台账导出): long jobs kept off the maintenance queue. */
  exports: 'exports',
  /** Dropout-risk recomputes (辍学风险预警): long set-based batches kept off the maintenance queue. */
  risk: 'risk',
  /** Register imports and comparison runs (部门清): long set-based jobs, one at a time. */
  registers: 'registers',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  purgeExpiredSessions: 'sessions.purge-expired',
  /** Fires one stage of a due item; job id `dueJobId(itemId, stage)`. */
  reminderFire: 'reminder.fire',
  /** Repeatable: re-creates missing reminder jobs, drops stale ones, promotes what is due. */
  remindersSweep: 'reminders.sweep',
  /** Re-derives the due items of one county's open cases after its rules changed. */
  remindersRederive: 'reminders.rederive',
  /** Repeatable: sends the daily digests whose local time has come. */
  digestSend: 'digest.send',
  /** Sends one delivery over its outside channel; job id `deliveryJobId(deliveryId)`. */
  deliverySend: 'delivery.send',
  /** Writes one ledger export's workbook into its row; job id `ledger-export.<id>`. */
  ledgerExport: 'ledger.export',
  /** Recomputes the risk scores of the children whose attendance changed. */
  riskStudents: 'risk.students',
  /** Recomputes a county's risk scores after its rules changed; job id `riskCountyJobId`. */
  riskCounty: 'risk.county',
  /** Repeatable, nightly: recomputes every score (the window slides, flags end). */
  riskNightly: 'risk.nightly',
  /** The dry run of one register import: reads the file into staging and checks every row. */
  registerValidate: 'register.validate',
  /** The real run of one register import: resumable, writes every valid row exactly once, commits. */
  registerImport: 'register.import',
  /** One comparison run: computes its findings and report. */
  comparisonRun: 'comparison.run',
  /** Opens the suspected cases for a run's routed findings, in one batch. */
  comparisonRoute: 'comparison.route',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** The queue each job runs on: start-up fails if a queue's processor lacks a handler for one. */
export const JOB_QUEUES: Readonly<Record<JobName, QueueName>> = {
  [JOBS.purgeExpiredSessions]: QUEUES.maintenance,
  [JOBS.reminderFire]: QUEUES.reminders,
  [JOBS.remindersSweep]: QUEUES.maintenance,
  [JOBS.remindersRederive]: QUEUES.maintenance,
  [JOBS.digestSend]: QUEUES.maintenance,
  [JOBS.deliverySend]: QUEUES.notifications,
  [JOBS.ledgerExport]: QUEUES.exports,
  [JOBS.riskStudents]: QUEUES.risk,
  [JOBS.riskCounty]: QUEUES.risk,
  [JOBS.riskNightly]: QUEUES.risk,
  [JOBS.registerValidate]: QUEUES.registers,
  [JOBS.registerImport]: QUEUES.registers,
  [JOBS.comparisonRun]: QUEUES.registers,
  [JOBS.comparisonRoute]: QUEUES.registers,
};

// BullMQ refuses ':' in custom ids, so deterministic ids use '.'.

/** The one job of a due item's stage: adding it twice is a no-op. */
export function dueJobId(dueItemId: string, stage: string): string {
  return `due.${dueItemId}.${stage}`;
}

export function deliveryJobId(deliveryId: string): string {
  return `delivery.${deliveryId}`;
}

/** One county recompute per saved version of its rules: saving twice queues two, a retry none. */
export function riskCountyJobId(regionId: string, version: number): string {
  return `risk.county.${regionId}.${version}`;
}
