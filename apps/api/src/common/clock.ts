import { Injectable } from '@nestjs/common';

/**
 * The time, from one place, so tests can move it. The offset is process-wide: the API and
 * the worker running in one process (`npm start`, the test harness) keep one clock.
 */
@Injectable()
export class Clock {
  private static offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + Clock.offsetMs);
  }

  /** Tests only: move the clock forward (or back) by `ms`. */
  advance(ms: number): void {
    Clock.offsetMs += ms;
  }

  /** Tests only. */
  reset(): void {
    Clock.offsetMs = 0;
  }
}
