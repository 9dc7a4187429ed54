import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  caseSettings,
  CIVIL_AFFAIRS_CATEGORIES,
  countyPathOf,
  FINDING_CATEGORIES,
  OPEN_STATES,
  RECENT_EXCLUSION_DAYS,
  SPECIAL_STATUS_FLAG_LABELS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { CountySettingsService } from '../../reminders/county-settings.service';
import {
  DROPOUT_SQL,
  NEVER_ENROLLED_SQL,
  neverEnrolledFoundSql,
  PRIORITY_SQL,
} from './comparison-findings.sql';

export interface ComparisonRunJobData {
  runId: string;
}

interface RunRow {
  id: string;
  status: string;
  region_id: string;
  region_path: string;
  as_of: string;
  age_from: number;
  age_to: number;
}

/** Each list kind's reason; civil affairs names the row's own category. */
function priorityReasons(): { kinds: string[]; flags: (string | null)[]; reasons: string[] } {
  const kinds: string[] = ['poverty_monitoring', 'disability'];
  const flags: (string | null)[] = [null, null];
  const reasons: string[] = ['防止返贫监测对象', '残疾儿童（残联名单）'];
  const civil = [...new Set(Object.values(CIVIL_AFFAIRS_CATEGORIES))] as SpecialStatusFlag[];
  for (const flag of civil) {
    kinds.push('civil_affairs');
    flags.push(flag);
    reasons.push(`民政救助对象（${SPECIAL_STATUS_FLAG_LABELS[flag].zh}）`);
  }
  kinds.push('civil_affairs');
  flags.push(null);
  reasons.push('民政救助对象');
  return { kinds, flags, reasons };
}

interface ImportRead {
  id: string;
  kind: string;
  file_name: string;
  committed_at: Date;
  rows: number;
}

/**
 * One comparison run (四查三比对), in the worker: the findings of each category by one
 * set-based statement, then the report's counts, all in one transaction so a run that fails
 * leaves no half report (a retried job starts over from no findings).
 */
@Injectable()
export class ComparisonRunner {
  private readonly logger = new Logger(ComparisonRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: CountySettingsService,
    private readonly clock: Clock,
  ) {}

  async run(runId: string): Promise<{ findings: number }> {
    const [run]: RunRow[] = await this.dataSource.query(
      `WITH started AS (
         UPDATE comparison_runs SET status = 'running', started_at = $2, updated_at = $2, failure = NULL
          WHERE id = $1 AND status IN ('queued', 'running', 'failed')
          RETURNING id, status, region_id, region_path, to_char(as_of, 'YYYY-MM-DD') AS as_of, age_from, age_to)
       SELECT * FROM started`,
      [runId, this.clock.now()],
    );
    // Gone, or completed by an earlier attempt.
    if (!run) return { findings: 0 };
    try {
      // One snapshot for every statement: an import committed meanwhile is either wholly read or not at all.
      const findings = await this.dataSource.transaction('REPEATABLE READ', (manager) =>
        this.compute(manager, run),
      );
      return { findings };
    } catch (error) {
      // A database message may quote a row's values: the run, the log and the queue keep only its code.
      const code = (error as { code?: unknown }).code;
      const failure = `comparison.failed${typeof code === 'string' ? ` (${code})` : ''}`;
      this.logger.error(`comparison run ${runId} failed: ${failure}`);
      await this.dataSource.query(
        `UPDATE comparison_runs SET status = 'failed', failure = $2, finished_at = $3, updated_at = $3 WHERE id = $1`,
        [runId, failure, this.clock.now()],
      );
      throw new Error(failure);
    }
  }

  private async compute(manager: EntityManager, run: RunRow): Promise<number> {
    // One run at a time on its queue: the hash anti-join over a province's enrolment hashes
    // fits in memory instead of spilling in batches to disk.
    await manager.query(`SET LOCAL work_mem = '256MB'`);
    await manager.query('DELETE FROM comparison_findings WHERE run_id = $1', [run.id]);
    const prefix = `${run.region_path}%`;
    // A hash anti-join whatever the statistics say: should a register's not be fresh (one
    // imported before they were kept up), a nested loop over a million rows would run for minutes.
    await manager.query(`SET LOCAL enable_nestloop = off`);
    await manager.query(
      neverEnrolledFoundSql({
        path: run.region_path,
        asOf: run.as_of,
        ageFrom: run.age_from,
        ageTo: run.age_to,
      }),
    );
    await manager.query(`SET LOCAL enable_nestloop = on`);
    await manager.query(NEVER_ENROLLED_SQL, [run.id, run.as_of, OPEN_STATES, RECENT_EXCLUSION_DAYS]);
    const thresholds = await this.absenceThresholds(manager, run.region_path);
    await manager.query(DROPOUT_SQL, [
      run.id,
      prefix,
      run.as_of,
      OPEN_STATES,
      RECENT_EXCLUSION_DAYS,
      thresholds.counties,
      thresholds.days,
      caseSettings().absenceSchoolDays,
    ]);
    const lists = priorityReasons();
    await manager.query(PRIORITY_SQL, [run.id, prefix, OPEN_STATES, lists.kinds, lists.flags, lists.reasons]);

    const counts = Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
    const rows: { category: string; n: number }[] = await manager.query(
      'SELECT category, count(*)::int AS n FROM comparison_findings WHERE run_id = $1 GROUP BY category',
      [run.id],
    );
    for (const row of rows) counts[row.category] = row.n;
    const byRegion = await this.byRegion(manager, run);
    await manager.query(
      `UPDATE comparison_runs SET status = 'completed', counts = $2, by_region = $3, imports = $4,
              finished_at = $5, updated_at = $5, version = version + 1
        WHERE id = $1`,
      [
        run.id,
        JSON.stringify(counts),
        JSON.stringify(byRegion),
        JSON.stringify(await this.importsRead(manager, run.region_path)),
        this.clock.now(),
      ],
    );
    return rows.reduce((sum, row) => sum + row.n, 0);
  }

  /** Each county's absenceSchoolDays for the counties the run touches (its own, or those below it). */
  private async absenceThresholds(
    manager: EntityManager,
    path: string,
  ): Promise<{ counties: string[]; days: number[] }> {
    const own = countyPathOf(path);
    const counties = own
      ? [own]
      : (
          (await manager.query(`SELECT path FROM regions WHERE kind = 'county' AND path LIKE $1`, [
            `${path}%`,
          ])) as { path: string }[]
        ).map((r) => r.path);
    const days: number[] = [];
    for (const county of counties)
      days.push((await this.settings.settingsFor(county, { manager, fresh: true })).absenceSchoolDays);
    return { counties, days };
  }

  /** Counts by category for each region one level below the run's. */
  private async byRegion(manager: EntityManager, run: RunRow): Promise<unknown[]> {
    const rows: { id: string; name: string; path: string; category: string | null; n: number }[] =
      await manager.query(
        `SELECT r.id, r.name, r.path, f.category, count(f.id)::int AS n
           FROM regions r
           LEFT JOIN comparison_findings f ON f.run_id = $2 AND f.region_path LIKE r.path || '%'
          WHERE r.parent_id = $1
          GROUP BY r.id, r.name, r.path, f.category
          ORDER BY r.path`,
        [run.region_id, run.id],
      );
    const regions = new Map<
      string,
      { regionId: string; name: string; path: string; counts: Record<string, number> }
    >();
    for (const row of rows) {
      let region = regions.get(row.id);
      if (!region) {
        region = {
          regionId: row.id,
          name: row.name,
          path: row.path,
          counts: Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])),
        };
        regions.set(row.id, region);
      }
      if (row.category) region.counts[row.category] = row.n;
    }
    return [...regions.values()];
  }

  /**
   * The current imports the run read: every enrolment one (a child counts as enrolled anywhere),
   * those covering or inside its region, and any other with rows under it (a county's register
   * holds villages whose towns a zone manages, on the zone's path). Those others are found in
   * one scan for all of them, and none when every import is placed by its region.
   */
  private async importsRead(manager: EntityManager, path: string): Promise<unknown[]> {
    const committed: (ImportRead & { placed: boolean })[] = await manager.query(
      `SELECT i.id, i.kind, i.file_name, i.committed_at, i.imported_rows AS rows,
              (i.kind = 'enrolment' OR i.region_path LIKE $1 OR $2 LIKE i.region_path || '%') AS placed
         FROM register_imports i WHERE i.status = 'committed'
        ORDER BY i.kind, i.region_path`,
      [`${path}%`, path],
    );
    const others = committed.filter((i) => !i.placed).map((i) => i.id);
    const withRows = new Set<string>();
    if (others.length > 0) {
      const found: { import_id: string }[] = await manager.query(
        `SELECT DISTINCT import_id FROM register_rows
          WHERE kind <> 'enrolment' AND import_id = ANY($1::uuid[]) AND region_path LIKE $2`,
        [others, `${path}%`],
      );
      for (const { import_id } of found) withRows.add(import_id);
    }
    const rows = committed.filter((i) => i.placed || withRows.has(i.id));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      committedAt: r.committed_at.toISOString(),
      rows: r.rows,
    }));
  }
}
