import { LedgerKind } from '@baoxue/contracts';
import {
  CaseReason,
  CaseState,
  DEFAULT_SCHOOL_AGE,
  ExclusionReason,
  INTERVENTION_KINDS,
  isPersuasionAttempt,
  Level,
  Line,
  PlacementType,
  ReturnMode,
  schoolYearStartOf,
  Sex,
} from '@baoxue/domain';
import { ResolvedNode } from '../dashboard/resolved-node';
import { EnrolmentStatus } from '../students/student.entity';

/** What a ledger is asked for: which one, of which node (already resolved in scope), as of which China day. */
export interface LedgerSpec {
  kind: LedgerKind;
  node: Pick<ResolvedNode, 'kind' | 'id' | 'path'>;
  /** YYYY-MM-DD. */
  date: string;
}

/** One ledger row as PostgreSQL returns it: unmasked, so it never leaves the ledgers module as is. */
export interface LedgerRecord {
  student_id: string;
  full_name: string;
  sex: Sex;
  birth_date: string;
  id_number_masked: string | null;
  /** Selected only when revealing. */
  id_number_cipher: Buffer | null;
  student_number: string | null;
  school_name: string | null;
  grade: number | null;
  class_name: string | null;
  hukou_address: string | null;
  current_address: string | null;
  enrolment_status: EnrolmentStatus;
  guardians: { name: string; relation: string; phone: string | null }[] | null;
  case_id: string | null;
  day_state: CaseState | null;
  primary_reason: CaseReason | null;
  whereabouts: string | null;
  dropout_month: string | null;
  exclusion_reason: ExclusionReason | null;
  return_date: string | null;
  return_mode: ReturnMode | null;
  placement_type: PlacementType | null;
  placement_date: string | null;
  closed_on: string | null;
  responsibles: { line: Line; level: Level; name: string }[] | null;
  persuasion_count: number;
  last_persuasion_on: string | null;
  last_persuasion_by: string | null;
}

const PERSUASION_KINDS = INTERVENTION_KINDS.filter(isPersuasionAttempt);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The end of a China day (UTC+8): the first instant of the next day. */
export function endOfChinaDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY_MS);
}

/** The same calendar day `years` later (or earlier). */
export function shiftYears(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years;
  const rest = day.slice(4);
  // 29 February of a non-leap year: the 28th.
  if (rest === '-02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return `${year}-02-28`;
  return `${year}${rest}`;
}

/** A case's state at the end of the day: its latest state change before the cutoff (opened: suspected). */
const STATE_ON_DAY = (caseAlias: string, cutoff: string) => `COALESCE((
    SELECT e.to_state FROM case_events e
    WHERE e.case_id = ${caseAlias}.id AND e.to_state IS NOT NULL AND e.at < ${cutoff}
    ORDER BY e.at DESC LIMIT 1), 'suspected')`;

interface Built {
  sql: string;
  params: unknown[];
}

/**
 * The rows of a ledger, one SQL statement: `FROM` part (students `s`, the day's case `c` with
 * its `day_state`) and filters per kind; the columns, guardians, responsible persons and
 * persuasion attempts are the same for all three. Paths use the C collation, so `LIKE
 * 'path%'` is an index range scan.
 */
function source(spec: LedgerSpec, params: unknown[]): { from: string; where: string } {
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const cutoff = `${p(endOfChinaDay(spec.date).toISOString())}::timestamptz`;
  const byRegion = spec.node.kind !== 'school';
  const nodeParam = p(byRegion ? `${spec.node.path}%` : spec.node.id);
  if (spec.kind === 'school_age') {
    // Aged 6–15 on the day: born after the day 16 years earlier, on or before the day 6 years earlier.
    const bornAfter = p(shiftYears(spec.date, -(DEFAULT_SCHOOL_AGE.to + 1)));
    const bornBy = p(shiftYears(spec.date, -DEFAULT_SCHOOL_AGE.from));
    return {
      from: `FROM students s
      LEFT JOIN LATERAL (
        SELECT c0.*, ${STATE_ON_DAY('c0', cutoff)} AS day_state FROM cases c0
        WHERE c0.student_id = s.id AND c0.opened_at < ${cutoff}
        ORDER BY c0.opened_at DESC LIMIT 1
      ) c ON true`,
      where: `WHERE s.merged_into_id IS NULL
        AND s.birth_date > ${bornAfter}::date AND s.birth_date <= ${bornBy}::date
        AND ${byRegion ? `s.region_path LIKE ${nodeParam}` : `s.school_id = ${nodeParam}::uuid`}`,
    };
  }
  const filter =
    spec.kind === 'suspected'
      ? `c.day_state IN ('suspected', 'verifying')`
      : // Confirmed (reached persuading) within the school year up to the day, or still persuading.
        `(c.day_state = 'persuading' OR EXISTS (
          SELECT 1 FROM case_events e
          WHERE e.case_id = c.id AND e.to_state = 'persuading'
            AND e.at >= ${p(`${schoolYearStartOf(spec.date)}-09-01T00:00:00+08:00`)}::timestamptz
            AND e.at < ${cutoff}))`;
  return {
    from: `FROM (
      SELECT c0.*, ${STATE_ON_DAY('c0', cutoff)} AS day_state FROM cases c0
      WHERE c0.opened_at < ${cutoff}
        AND ${byRegion ? `c0.region_path LIKE ${nodeParam}` : `c0.school_id = ${nodeParam}::uuid`}
    ) c
    JOIN students s ON s.id = c.student_id`,
    where: `WHERE ${filter}`,
  };
}

function columns(reveal: boolean): string {
  return `s.id AS student_id, s.full_name, s.sex, s.birth_date::text AS birth_date,
    s.id_number_masked, ${reveal ? 's.id_number_cipher' : 'NULL::bytea AS id_number_cipher'},
    s.student_number, COALESCE(so.name, co.name) AS school_name, s.grade, s.class_name,
    s.hukou_address, s.current_address, s.enrolment_status,
    (SELECT json_agg(json_build_object('name', g.full_name, 'relation', g.relation, 'phone', g.phone)
       ORDER BY g.created_at, g.id)
     FROM guardians g WHERE g.student_id = s.id) AS guardians,
    c.id AS case_id, c.day_state, c.primary_reason, c.whereabouts,
    to_char(COALESCE(c.absent_since, (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date), 'YYYY-MM') AS dropout_month,
    c.exclusion_reason, c.return_date::text AS return_date, c.return_mode, c.placement_type,
    c.placement_date::text AS placement_date,
    to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closed_on,
    (SELECT json_agg(json_build_object('line', r.line, 'level', r.level, 'name', r.name)
       ORDER BY r.line, r.level, r.created_at)
     FROM case_responsibles r WHERE r.case_id = c.id AND r.active) AS responsibles,
    COALESCE(pa.n, 0) AS persuasion_count, pa.last_on AS last_persuasion_on, pa.last_by AS last_persuasion_by`;
}

function joins(spec: LedgerSpec, params: unknown[]): string {
  params.push(PERSUASION_KINDS, spec.date);
  const kinds = `$${params.length - 1}::text[]`;
  const day = `$${params.length}::date`;
  return `LEFT JOIN organisations so ON so.id = s.school_id
    LEFT JOIN organisations co ON co.id = c.school_id
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n, max(i.occurred_on)::text AS last_on,
             (array_agg(i.recorded_by_name ORDER BY i.occurred_on DESC, i.recorded_at DESC))[1] AS last_by
      FROM case_interventions i
      WHERE i.case_id = c.id AND i.kind::text = ANY(${kinds}) AND i.occurred_on <= ${day}
    ) pa ON c.id IS NOT NULL`;
}

const ORDER = `ORDER BY school_name NULLS LAST, s.grade NULLS LAST, s.class_name NULLS LAST, s.full_name, s.id, c.id`;

/** The ledger's rows in ledger order (school, grade, class, name); page them or read them through a cursor. */
export function ledgerRowsSql(spec: LedgerSpec, options: { reveal: boolean }): Built {
  const params: unknown[] = [];
  const { from, where } = source(spec, params);
  const sql = `SELECT ${columns(options.reveal)} ${from} ${joins(spec, params)} ${where} ${ORDER}`;
  return { sql, params };
}

export function ledgerCountSql(spec: LedgerSpec): Built {
  const params: unknown[] = [];
  const { from, where } = source(spec, params);
  const sql = `SELECT count(*)::int AS total ${from} ${where}`;
  return { sql, params };
}
