import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS } from '../queues/queue-names';
import { CountySettingsService } from './county-settings.service';
import { DueItemsSync } from './due-items.sync';
import { chinaPeriod, ensureSchoolReportItems } from './school-report-items';

export interface RederiveJobData {
  /** The county (or management zone) whose rules changed. */
  regionId: string;
}

const BATCH = 2_000;
/** Batches being derived or waiting for their jobs to be added. */
const IN_FLIGHT = 3;

/**
 * After a county's rules changed: re-derives the items of its open cases and its schools'
 * reports with the new rules, in batches (each its own transaction), and schedules them.
 */
@Injectable()
export class RederiveHandler implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly sync: DueItemsSync,
    private readonly settings: CountySettingsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.remindersRederive, (job) =>
      this.run((job as Job<RederiveJobData>).data.regionId),
    );
  }

  async run(regionId: string): Promise<{ cases: number; scheduled: number; removed: number }> {
    const [region]: { path: string }[] = await this.dataSource.query(
      'SELECT path FROM regions WHERE id = $1',
      [regionId],
    );
    if (!region) return { cases: 0, scheduled: 0, removed: 0 };
    this.settings.invalidate(region.path);
    let cases = 0;
    let scheduled = 0;
    let removed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    // Batches are derived IN_FLIGHT at a time, each in its own transaction, and their jobs go
    // to Redis one batch after another: PostgreSQL, Redis and this process work side by side.
    let applying: Promise<void> = Promise.resolve();
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    for (let first = true; failures.length === 0; first = false) {
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM cases
         WHERE starts_with(region_path, $1) AND state IN ('suspected', 'verifying', 'persuading', 'monitoring')
           AND id > $2
         ORDER BY id LIMIT $3`,
        [region.path, after, BATCH],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const caseIds = rows.map((row) => row.id);
      const batch = this.dataSource
        .transaction((manager) => this.sync.derive(manager, caseIds, { freshSettings: first }))
        .then((changes) => {
          cases += caseIds.length;
          scheduled += changes.scheduled.length;
          removed += changes.removed.length;
          applying = applying.then(() => this.sync.apply(changes));
          return applying;
        })
        .catch((error: unknown) => void failures.push(error))
        .finally(() => inFlight.delete(batch));
      inFlight.add(batch);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await applying;
    if (failures.length > 0) throw failures[0];
    const now = this.clock.now();
    const reports = await this.dataSource.transaction((manager) =>
      ensureSchoolReportItems(
        manager,
        chinaPeriod(now),
        now,
        (path) => this.settings.settingsFor(path, { manager }),
        region.path,
      ),
    );
    await this.sync.apply(reports.changes);
    return {
      cases,
      scheduled: scheduled + reports.changes.scheduled.length,
      removed: removed + reports.changes.removed.length,
    };
  }
}
