import { Injectable } from '@nestjs/common';

/** The time, from one place, so tests can move it. */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: move the clock forward (or back) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Tests only. */
  reset(): void {
    this.offsetMs = 0;
  }
}
