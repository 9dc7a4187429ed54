import {
  ageAtSchoolYearStart,
  AttendanceMark,
  countyPathOf,
  DayMark,
  DEFAULT_RISK_RULES,
  RiskFacts,
  RiskRules,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { EntityManager } from 'typeorm';

/** A child the recompute scores, with where the score row files them. */
export interface ScoredChild {
  studentId: string;
  schoolId: string;
  /** The school's region path: the watch list's scope and the county whose rules apply. */
  regionPath: string;
  grade: number | null;
  className: string | null;
  facts: RiskFacts;
}

/** Children scored: enrolled at a school, not merged away. Everyone else has no score row. */
export const SCORED_CHILD_SQL = `s.school_id IS NOT NULL AND s.school_region_path IS NOT NULL
  AND s.merged_into_id IS NULL AND s.enrolment_status = 'enrolled'`;

/** Saved rules over the defaults, so a rule added later takes its default until a county saves it. */
export function withDefaults(saved: Partial<RiskRules> | null | undefined): RiskRules {
  return { ...DEFAULT_RISK_RULES, ...(saved ?? {}) };
}

/** The rules of each county the paths lie in (the defaults where none are saved). */
export async function rulesByCounty(
  manager: EntityManager,
  regionPaths: readonly string[],
): Promise<Map<string, RiskRules>> {
  const counties = [
    ...new Set(regionPaths.map((p) => countyPathOf(p)).filter((p): p is string => p !== null)),
  ];
  const rows: { path: string; rules: Partial<RiskRules> }[] = counties.length
    ? await manager.query(
        `SELECT r.path, ew.rules FROM county_early_warning_rules ew JOIN regions r ON r.id = ew.region_id
          WHERE r.path = ANY($1)`,
        [counties],
      )
    : [];
  const byCounty = new Map(rows.map((row) => [row.path, withDefaults(row.rules)]));
  return byCounty;
}

export function rulesAt(byCounty: Map<string, RiskRules>, regionPath: string): RiskRules {
  const county = countyPathOf(regionPath);
  return (county !== null && byCounty.get(county)) || withDefaults(null);
}

/**
 * The facts of these children (in id order, so concurrent upserts lock rows in one order) as of `asOf` (YYYY-MM-DD, China), read set-based: four
 * queries for the whole batch whatever its size. Children not scored are left out.
 * Days are each child's last `windowDays` recorded days (the largest window any county of
 * the batch uses; assessRisk takes its own county's last N of them).
 */
export async function gatherRiskFacts(
  manager: EntityManager,
  studentIds: readonly string[],
  asOf: string,
  windowDays: number,
): Promise<ScoredChild[]> {
  const students: {
    id: string;
    school_id: string;
    school_region_path: string;
    grade: number | null;
    class_name: string | null;
    birth_date: string;
  }[] = await manager.query(
    `SELECT s.id, s.school_id, s.school_region_path, s.grade, s.class_name, s.birth_date::text AS birth_date
       FROM students s WHERE s.id = ANY($1) AND ${SCORED_CHILD_SQL}
      ORDER BY s.id`,
    [studentIds],
  );
  if (students.length === 0) return [];
  const ids = students.map((s) => s.id);
  // One after another: in a transaction they share one connection anyway.
  const days: { student_id: string; date: string; mark: AttendanceMark }[] = await manager.query(
    `SELECT student_id, date::text AS date, mark FROM (
         SELECT ar.student_id, ar.date, ar.mark,
                row_number() OVER (PARTITION BY ar.student_id ORDER BY ar.date DESC) AS nth
           FROM attendance_records ar WHERE ar.student_id = ANY($1) AND ar.date <= $2
       ) last_days WHERE nth <= $3`,
    [ids, asOf, windowDays],
  );
  const flags: { student_id: string; flag: SpecialStatusFlag }[] = await manager.query(
    `SELECT DISTINCT student_id, flag FROM student_flags
        WHERE student_id = ANY($1) AND from_date <= $2 AND (to_date IS NULL OR to_date >= $2)`,
    [ids, asOf],
  );
  // A case excluded at verification was no dropout; any other, open or closed, counts.
  const cases: { student_id: string }[] = await manager.query(
    `SELECT DISTINCT student_id FROM cases WHERE student_id = ANY($1) AND state <> 'excluded'`,
    [ids],
  );
  const daysOf = group(days, (d): DayMark => ({ date: d.date, mark: d.mark }));
  const flagsOf = group(flags, (f) => f.flag);
  const hadCase = new Set(cases.map((c) => c.student_id));
  return students.map((s) => ({
    studentId: s.id,
    schoolId: s.school_id,
    regionPath: s.school_region_path,
    grade: s.grade,
    className: s.class_name,
    facts: {
      days: daysOf.get(s.id) ?? [],
      flags: flagsOf.get(s.id) ?? [],
      hadCase: hadCase.has(s.id),
      ageAtSchoolYearStart: ageAtSchoolYearStart(s.birth_date, asOf),
      grade: s.grade,
    },
  }));
}

function group<R extends { student_id: string }, T>(
  rows: readonly R[],
  map: (row: R) => T,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.student_id);
    if (list) list.push(map(row));
    else out.set(row.student_id, [map(row)]);
  }
  return out;
}
