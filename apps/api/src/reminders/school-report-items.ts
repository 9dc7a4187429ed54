import {
  CaseSettings,
  chinaToday,
  countyPathOf,
  ReminderStage,
  schoolReportDueOn,
  stageFiresAt,
} from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { DueItemChanges } from './due-items.sync';

export function schoolReportKey(schoolId: string, period: string, dueOn: string): string {
  return `school:${schoolId}:school_report:${period}:${dueOn}`;
}

/** `YYYY-MM` of a moment, China time. */
export function chinaPeriod(now: Date): string {
  return chinaToday(now).slice(0, 7);
}

/**
 * Every school's report item for `period` (those under `regionPath` only, when given), in
 * the caller's transaction: created pending (or done, when the report is in), a pending one
 * whose due day the county has since moved replaced, and one whose report arrived resolved.
 * Set-based: one statement per step, whatever the number of schools.
 */
export async function ensureSchoolReportItems(
  manager: EntityManager,
  period: string,
  now: Date,
  settingsFor: (regionPath: string) => Promise<CaseSettings>,
  regionPath = '/',
): Promise<{ created: number; changes: DueItemChanges }> {
  const schools: { id: string; region_path: string }[] = await manager.query(
    `SELECT id, region_path FROM organisations WHERE type = 'school' AND starts_with(region_path, $1)`,
    [regionPath],
  );
  const ids: string[] = [];
  const dueOns: string[] = [];
  const fireAts: Date[] = [];
  const byCounty = new Map<string, { dueOn: string; fireAt: Date }>();
  for (const school of schools) {
    const county = countyPathOf(school.region_path) ?? '';
    let due = byCounty.get(county);
    if (!due) {
      const settings = await settingsFor(school.region_path);
      const dueOn = schoolReportDueOn(period, settings);
      due = { dueOn, fireAt: stageFiresAt(dueOn, 'due', settings) };
      byCounty.set(county, due);
    }
    ids.push(school.id);
    dueOns.push(due.dueOn);
    fireAts.push(due.fireAt);
  }
  const inserted: { id: string; next_stage: ReminderStage | null; next_fire_at: Date | null }[] = ids.length
    ? await manager.query(
        `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, next_stage, next_fire_at, resolved_at, school_id)
         SELECT 'school:' || o.id || ':school_report:' || $1 || ':' || t.due_on::text, 'school_report', $1, t.due_on,
                o.region_path,
                CASE WHEN r.id IS NULL THEN 'pending' ELSE 'done' END::due_status,
                CASE WHEN r.id IS NULL THEN 'due' END::reminder_stage,
                CASE WHEN r.id IS NULL THEN t.fire_at END,
                CASE WHEN r.id IS NOT NULL THEN $5::timestamptz END,
                o.id
         FROM unnest($2::uuid[], $3::date[], $4::timestamptz[]) AS t(school_id, due_on, fire_at)
         JOIN organisations o ON o.id = t.school_id
         LEFT JOIN school_monthly_reports r ON r.school_id = o.id AND r.period = $1
         ON CONFLICT (key) DO NOTHING
         RETURNING id, next_stage, next_fire_at`,
        [period, ids, dueOns, fireAts, now],
      )
    : [];
  // Pending items of the period whose due day is no longer the county's, or whose report is in.
  // An UPDATE's raw result is [rows, count].
  const [resolved]: [{ id: string; stage: ReminderStage | null }[], number] = await manager.query(
    `WITH t AS (SELECT * FROM unnest($2::uuid[], $3::date[]) AS t(school_id, due_on)),
     old AS (
       SELECT d.id, d.next_stage FROM due_items d
       JOIN t ON t.school_id = d.school_id
       WHERE d.kind = 'school_report' AND d.ref = $1 AND d.status = 'pending'
         AND (d.due_on <> t.due_on OR EXISTS (
           SELECT 1 FROM school_monthly_reports r WHERE r.school_id = d.school_id AND r.period = $1))
       FOR UPDATE OF d
     )
     UPDATE due_items d
     SET status = CASE WHEN EXISTS (SELECT 1 FROM school_monthly_reports r
                                    WHERE r.school_id = d.school_id AND r.period = $1)
                       THEN 'done'::due_status ELSE 'cancelled'::due_status END,
         resolved_at = $4, next_stage = NULL, next_fire_at = NULL, updated_at = now()
     FROM old WHERE d.id = old.id
     RETURNING d.id, old.next_stage AS stage`,
    [period, ids, dueOns, now],
  );
  return {
    created: inserted.length,
    changes: {
      scheduled: inserted
        .filter((row) => row.next_stage !== null && row.next_fire_at !== null)
        .map((row) => ({ id: row.id, nextStage: row.next_stage!, nextFireAt: new Date(row.next_fire_at!) })),
      removed: resolved.filter((row) => row.stage !== null).map((row) => ({ id: row.id, stage: row.stage! })),
    },
  };
}
