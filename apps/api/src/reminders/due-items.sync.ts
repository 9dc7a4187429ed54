import { caseDueItems, CaseSettings, ReminderStage, stageFiresAt } from '@baoxue/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { loadCaseDueFacts } from './case-due-facts';
import { CountySettingsService } from './county-settings.service';
import { ReminderScheduler, ScheduledStage } from './reminder-scheduler';

/** What a transaction changed in due items, scheduled once it commits. */
export interface DueItemChanges {
  scheduled: ScheduledStage[];
  removed: { id: string; stage: ReminderStage }[];
}

/** Kept on the transaction's query runner until it commits (or rolls back). */
interface PendingSync {
  cases: Set<string>;
  changes: DueItemChanges;
}

const DATA_KEY = 'dueItemsSync';

export function caseItemKey(caseId: string, kind: string, ref: string, dueOn: string): string {
  return `case:${caseId}:${kind}:${ref}:${dueOn}`;
}

/**
 * Keeps due items in step with their cases. Case writes mark the case (through the timeline,
 * which every case write appends to); just before the transaction commits the marked cases'
 * items are re-derived in it, and once it has committed their jobs are added or removed.
 */
@Injectable()
export class DueItemsSync {
  private readonly logger = new Logger(DueItemsSync.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: CountySettingsService,
    private readonly scheduler: ReminderScheduler,
    private readonly clock: Clock,
  ) {}

  /** Records that `caseId` changed in the caller's transaction (derived before it commits). */
  async markCaseChanged(manager: EntityManager, caseId: string): Promise<void> {
    const pending = pendingOf(manager.queryRunner);
    if (pending) pending.cases.add(caseId);
    // Outside a transaction there is no commit to wait for.
    else await this.deriveAndSchedule([caseId]);
  }

  /** Marks a school's report item for `period` done, in the caller's transaction. */
  async resolveSchoolReport(manager: EntityManager, schoolId: string, period: string): Promise<void> {
    // An UPDATE's raw result is [rows, count].
    const [rows]: [{ id: string; stage: ReminderStage | null }[], number] = await manager.query(
      `WITH old AS (
         SELECT id, next_stage FROM due_items
         WHERE school_id = $1 AND kind = 'school_report' AND ref = $2 AND status = 'pending' FOR UPDATE
       )
       UPDATE due_items d SET status = 'done', resolved_at = $3, next_stage = NULL, next_fire_at = NULL,
              updated_at = now()
       FROM old WHERE d.id = old.id
       RETURNING d.id, old.next_stage AS stage`,
      [schoolId, period, this.clock.now()],
    );
    const removed = stagesOf(rows);
    const pending = pendingOf(manager.queryRunner);
    if (pending) pending.changes.removed.push(...removed);
    else await this.apply({ scheduled: [], removed });
  }

  /** Re-derives the items of `caseIds` in their own transaction, then schedules them. */
  async deriveAndSchedule(
    caseIds: readonly string[],
    options: { freshSettings?: boolean } = {},
  ): Promise<DueItemChanges> {
    const changes = await this.dataSource.transaction((manager) => this.derive(manager, caseIds, options));
    await this.apply(changes);
    return changes;
  }

  /**
   * Brings the items of `caseIds` in line with their facts, in `manager`'s transaction:
   * inserts the newly derived ones and resolves the pending ones no longer derived.
   */
  async derive(
    manager: EntityManager,
    caseIds: readonly string[],
    options: { freshSettings?: boolean } = {},
  ): Promise<DueItemChanges> {
    if (caseIds.length === 0) return { scheduled: [], removed: [] };
    const rows = await loadCaseDueFacts(manager, caseIds);
    const keys: string[] = [];
    const kinds: string[] = [];
    const refs: string[] = [];
    const dueOns: string[] = [];
    const paths: string[] = [];
    const fireAts: Date[] = [];
    const itemCaseIds: string[] = [];
    const settingsByPath = new Map<string, CaseSettings>();
    for (const row of rows) {
      let settings = settingsByPath.get(row.regionPath);
      if (!settings) {
        settings = await this.settings.settingsFor(row.regionPath, { manager, fresh: options.freshSettings });
        settingsByPath.set(row.regionPath, settings);
      }
      for (const spec of caseDueItems(row.factsWith(settings), settings)) {
        keys.push(caseItemKey(row.caseId, spec.kind, spec.ref, spec.dueOn));
        kinds.push(spec.kind);
        refs.push(spec.ref);
        dueOns.push(spec.dueOn);
        paths.push(row.regionPath);
        fireAts.push(stageFiresAt(spec.dueOn, 'due', settings));
        itemCaseIds.push(row.caseId);
      }
    }
    // New keys are inserted; a resolved item derived again (a case moved back) is pending again,
    // from its first stage (notifications already sent are not sent twice: they are keyed).
    const inserted: { id: string; next_stage: ReminderStage; next_fire_at: Date }[] = keys.length
      ? await manager.query(
          `INSERT INTO due_items AS d (key, kind, ref, due_on, region_path, next_stage, next_fire_at, case_id)
           SELECT k, kd, r, du, p, 'due', f, c
           FROM unnest($1::text[], $2::due_kind[], $3::text[], $4::date[], $5::text[], $6::timestamptz[], $7::uuid[])
             AS t(k, kd, r, du, p, f, c)
           ON CONFLICT (key) DO UPDATE SET
             region_path = EXCLUDED.region_path,
             status = 'pending',
             next_stage = CASE WHEN d.status = 'pending' THEN d.next_stage ELSE 'due' END,
             next_fire_at = CASE WHEN d.status = 'pending' THEN d.next_fire_at ELSE EXCLUDED.next_fire_at END,
             resolved_at = NULL,
             updated_at = now()
           WHERE d.status <> 'pending' OR d.region_path <> EXCLUDED.region_path
           RETURNING d.id, d.next_stage, d.next_fire_at`,
          [keys, kinds, refs, dueOns, paths, fireAts, itemCaseIds],
        )
      : [];
    const [resolved]: [{ id: string; stage: ReminderStage | null }[], number] = await manager.query(
      `WITH derived AS (SELECT unnest($2::text[]) AS key),
       old AS (
         SELECT d.id, d.next_stage FROM due_items d
         WHERE d.case_id = ANY($1::uuid[]) AND d.status = 'pending'
           AND NOT EXISTS (SELECT 1 FROM derived WHERE derived.key = d.key)
         FOR UPDATE OF d
       )
       UPDATE due_items d
       SET status = CASE WHEN c.state IN ('suspected', 'verifying', 'persuading', 'monitoring')
                         THEN 'done'::due_status ELSE 'cancelled'::due_status END,
           resolved_at = $3, next_stage = NULL, next_fire_at = NULL, updated_at = now()
       FROM old, cases c
       WHERE d.id = old.id AND c.id = d.case_id
       RETURNING d.id, old.next_stage AS stage`,
      [caseIds, keys, this.clock.now()],
    );
    return {
      scheduled: inserted
        .filter((row) => row.next_stage !== null && row.next_fire_at !== null)
        .map((row) => ({ id: row.id, nextStage: row.next_stage, nextFireAt: new Date(row.next_fire_at) })),
      removed: stagesOf(resolved),
    };
  }

  /** Called before the outermost commit: derives the marked cases in the transaction. */
  async beforeCommit(queryRunner: QueryRunner): Promise<void> {
    const pending = queryRunner.data[DATA_KEY] as PendingSync | undefined;
    if (!pending || pending.cases.size === 0) return;
    const cases = [...pending.cases];
    pending.cases.clear();
    const changes = await this.derive(queryRunner.manager, cases);
    pending.changes.scheduled.push(...changes.scheduled);
    pending.changes.removed.push(...changes.removed);
  }

  /** Called after the outermost commit: adds and removes the jobs. Redis down fails nothing. */
  async afterCommit(queryRunner: QueryRunner): Promise<void> {
    const pending = queryRunner.data[DATA_KEY] as PendingSync | undefined;
    if (!pending) return;
    delete queryRunner.data[DATA_KEY];
    await this.apply(pending.changes);
  }

  afterRollback(queryRunner: QueryRunner): void {
    delete queryRunner.data[DATA_KEY];
  }

  /** Adds and removes jobs; on failure the sweep repairs them, so the caller's write stands. */
  async apply(changes: DueItemChanges): Promise<void> {
    try {
      if (changes.removed.length) await this.scheduler.unschedule(changes.removed);
      if (changes.scheduled.length) await this.scheduler.schedule(changes.scheduled);
    } catch (error) {
      this.logger.error(
        `could not update reminder jobs (${changes.scheduled.length} to add, ${changes.removed.length} to remove; the sweep will): ${(error as Error).message}`,
      );
    }
  }
}

/** The transaction's pending sync, created on first use; null outside a transaction. */
function pendingOf(queryRunner: QueryRunner | undefined): PendingSync | null {
  if (!queryRunner?.isTransactionActive) return null;
  const data = queryRunner.data as Record<string, unknown>;
  let pending = data[DATA_KEY] as PendingSync | undefined;
  if (!pending) {
    pending = { cases: new Set(), changes: { scheduled: [], removed: [] } };
    data[DATA_KEY] = pending;
  }
  return pending;
}

function stagesOf(
  rows: { id: string; stage: ReminderStage | null }[],
): { id: string; stage: ReminderStage }[] {
  return rows.filter((row) => row.stage !== null).map((row) => ({ id: row.id, stage: row.stage! }));
}
