import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/**
 * Faults the crash tests inject through TEST_FAULTS (a comma-separated list of point names;
 * loadConfig refuses it in production). Each point is a place where a real crash would hurt.
 */
export const FAULT_POINTS = {
  /** The reminder's notifications are committed, the job not yet acknowledged. */
  exitAfterReminderCommit: 'exit-after-reminder-commit',
  /** The reminder job has started, nothing is committed yet. */
  exitBeforeReminderCommit: 'exit-before-reminder-commit',
} as const;
export type FaultPoint = (typeof FAULT_POINTS)[keyof typeof FAULT_POINTS];

@Injectable()
export class TestFaults {
  private readonly points: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.points = new Set(
      config.TEST_FAULTS.split(',')
        .map((point) => point.trim())
        .filter(Boolean),
    );
  }

  /** Ends the process at `point` when a test asked for it: the crash, not a clean shutdown. */
  crashAt(point: FaultPoint): void {
    if (this.points.has(point)) process.exit(70);
  }
}
