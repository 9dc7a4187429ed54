import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, QUEUES, riskCountyJobId } from '../queues/queue-names';

export interface RiskStudentsJobData {
  studentIds: string[];
}

export interface RiskCountyJobData {
  /** The county (or management zone) whose rules changed. */
  regionId: string;
}

/** Children per job: a whole school's roll day fits in a few. */
const STUDENTS_PER_JOB = 1_000;

/**
 * Asks for risk scores to be recomputed: after a roll is saved, after a county's rules
 * change. The work runs as a job; callers never wait for it. A lost request costs little:
 * the nightly recompute rebuilds every score from the records.
 */
@Injectable()
export class RiskScheduler {
  private readonly logger = new Logger(RiskScheduler.name);

  constructor(@InjectQueue(QUEUES.risk) private readonly queue: Queue) {}

  /**
   * The children whose attendance changed (their scores are recomputed soon after). Returns at
   * once; the enqueue finishes in the background. No fixed job id: a job that already ran (or
   * is running on older marks) must not swallow this one, and recomputing twice is harmless.
   */
  afterAttendance(studentIds: readonly string[]): Promise<void> {
    const ids = [...new Set(studentIds)];
    if (ids.length === 0) return Promise.resolve();
    const jobs = [];
    for (let start = 0; start < ids.length; start += STUDENTS_PER_JOB)
      jobs.push({
        name: JOBS.riskStudents,
        data: { studentIds: ids.slice(start, start + STUDENTS_PER_JOB) },
      });
    void this.queue
      .addBulk(jobs)
      .catch((error: Error) => this.logger.error(`could not queue risk recompute: ${error.message}`));
    return Promise.resolve();
  }

  /** A county's rules were saved as `version`: one recompute per saved version. */
  async afterRulesChange(regionId: string, version: number): Promise<void> {
    try {
      await this.queue.add(JOBS.riskCounty, { regionId }, { jobId: riskCountyJobId(regionId, version) });
    } catch (error) {
      // The rules are saved; the nightly recompute applies them even without this job.
      this.logger.error(`could not queue risk recompute for region ${regionId}: ${(error as Error).message}`);
    }
  }
}
