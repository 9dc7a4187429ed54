import { Injectable } from '@nestjs/common';

/**
 * Asks for risk scores to be recomputed: after a roll is saved, after a county's rules
 * change. The work runs as a job; callers never wait for it.
 */
@Injectable()
export class RiskScheduler {
  /** The children whose attendance changed (their scores are recomputed soon after). */
  async afterAttendance(_studentIds: readonly string[]): Promise<void> {
    // filled in with the feature
  }
}
