import { ReminderStage } from '@baoxue/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Clock } from '../common/clock';
import { REMINDER_JOB_OPTIONS } from '../queues/job-options';
import { dueJobId, JOBS, QUEUES } from '../queues/queue-names';

export interface ScheduledStage {
  id: string;
  nextStage: ReminderStage;
  nextFireAt: Date;
}

export interface ReminderJobData {
  dueItemId: string;
  stage: ReminderStage;
}

/** Large lists go to Redis in chunks: one round trip each, without one huge pipeline. */
const CHUNK = 1_000;

/**
 * Due items' stages as delayed BullMQ jobs, one per (item, stage) under a deterministic id:
 * adding one that exists is a no-op, so scheduling twice (after a commit, by the sweep) is safe.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    @InjectQueue(QUEUES.reminders) readonly queue: Queue<ReminderJobData>,
    private readonly clock: Clock,
  ) {}

  async schedule(items: readonly ScheduledStage[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (let start = 0; start < items.length; start += CHUNK) {
      await this.queue.addBulk(
        items.slice(start, start + CHUNK).map((item) => ({
          name: JOBS.reminderFire,
          data: { dueItemId: item.id, stage: item.nextStage },
          opts: {
            ...REMINDER_JOB_OPTIONS,
            jobId: dueJobId(item.id, item.nextStage),
            delay: Math.max(0, item.nextFireAt.getTime() - now),
          },
        })),
      );
    }
  }

  /** Removes the jobs of these stages; a missing job, or one running now, is left alone. */
  async unschedule(items: readonly { id: string; stage: ReminderStage }[]): Promise<void> {
    for (let start = 0; start < items.length; start += CHUNK) {
      await Promise.all(
        items.slice(start, start + CHUNK).map((item) =>
          // A job being processed is locked: it will find its item resolved and do nothing.
          this.queue.remove(dueJobId(item.id, item.stage)).catch(() => 0),
        ),
      );
    }
  }
}
