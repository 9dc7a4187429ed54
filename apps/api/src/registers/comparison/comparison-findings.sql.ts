/**
 * The set-based statements of a comparison run: one INSERT … SELECT per category into
 * comparison_findings; $1 is always the run id (and $2, but for never_enrolled, the run's
 * path prefix `/37/…/%`).
 * Only committed imports (each kind's current snapshot) are read. Every read of register_rows
 * names its kind, so only that kind's partition is scanned.
 */

const FINDING_COLUMNS = `run_id, category, status, match, register_import_id, register_row_number, student_id,
  candidate_student_id, case_id, full_name, sex, birth_date, id_masked, id_hash, region_path, hukou_region_id,
  school_id, reasons`;

/**
 * The child's latest case (`latest`): open → covered; excluded within the window → excluded.
 * `studentExpr` names the matched student.
 */
const latestCase = (
  studentExpr: string,
  asOf: string,
  openStates: string,
  days: string,
) => `LEFT JOIN LATERAL (
    SELECT c.id, c.state = ANY(${openStates}::case_state[]) AS open,
           (c.state = 'excluded' OR (c.state = 'closed' AND c.exclusion_reason IS NOT NULL))
           AND EXISTS (SELECT 1 FROM case_events e
                        WHERE e.case_id = c.id AND e.to_state = 'excluded'
                          AND e.at >= (${asOf}::date - ${days}::int)) AS excluded
      FROM cases c WHERE c.student_id = ${studentExpr}
     ORDER BY c.opened_at DESC, c.id LIMIT 1) latest ON true`;

const coveredOrNew = `CASE WHEN latest.open THEN 'covered' WHEN latest.excluded THEN 'excluded' ELSE 'new' END`;
const caseOf = `CASE WHEN latest.open OR latest.excluded THEN latest.id END`;

/** A checked value as an SQL literal (CREATE TABLE AS takes no bind parameters). */
function literal(value: string): string {
  if (!/^[/A-Za-z0-9%-]+$/.test(value)) throw new Error('unexpected value in a comparison statement');
  return `'${value}'`;
}

/** The temporary table of never-enrolled household rows, for the run's transaction. */
export const FOUND_TABLE = 'comparison_found';

/**
 * The never-enrolled rows themselves: household rows under the region, of school age at
 * asOf, with no in-school or suspended enrolment row of the same ID hash. A CREATE TABLE AS,
 * unlike an INSERT, may run as a parallel hash anti-join, as a hand-written one does; its
 * values are checked and written as literals.
 */
export function neverEnrolledFoundSql(input: {
  path: string;
  asOf: string;
  ageFrom: number;
  ageTo: number;
}): string {
  if (!Number.isInteger(input.ageFrom) || !Number.isInteger(input.ageTo))
    throw new Error('ages must be integers');
  return `CREATE TEMPORARY TABLE ${FOUND_TABLE} ON COMMIT DROP AS
  SELECT h.import_id, h.row_number, h.id_hash, h.id_masked, h.full_name, h.sex, h.birth_date, h.region_path,
         h.hukou_region_id
    FROM register_rows h
    JOIN register_imports hi ON hi.id = h.import_id AND hi.status = 'committed' AND hi.kind = 'household'
   WHERE h.kind = 'household' AND h.region_path LIKE ${literal(`${input.path}%`)}
     AND h.birth_date <= (${literal(input.asOf)}::date - make_interval(years => ${input.ageFrom}))::date
     AND h.birth_date > (${literal(input.asOf)}::date - make_interval(years => ${input.ageTo + 1}))::date
     AND NOT EXISTS (
       SELECT 1 FROM register_rows e
         JOIN register_imports ei ON ei.id = e.import_id AND ei.status = 'committed' AND ei.kind = 'enrolment'
        WHERE e.kind = 'enrolment' AND e.id_hash = h.id_hash AND e.enrolment_status IN ('in_school', 'suspended'))
`;
}

/**
 * 适龄未入学: the rows neverEnrolledFoundSql left, without an enrolled live student of the
 * same ID hash (an index lookup per remaining row). Then each found child is tied to a record: by ID hash (a
 * not-enrolled student, e.g. one an earlier routing created); else an enrolled student with the same name, birth date and 户籍 village
 * is only a candidate (needs a person's confirmation). A row without an ID that an earlier
 * run settled (a person confirmed it the same enrolled child, or it was routed and got a
 * record) keeps that answer: the question is not asked, nor the case raised, twice.
 * $2 asOf, $3 open case states, $4 RECENT_EXCLUSION_DAYS.
 */
export const NEVER_ENROLLED_SQL = `
INSERT INTO comparison_findings (${FINDING_COLUMNS})
SELECT $1, 'never_enrolled',
       CASE WHEN known.id IS NULL AND prior.status = 'confirmed_same' THEN 'confirmed_same'
            WHEN known.id IS NULL AND prior.student_id IS NULL AND cand.id IS NOT NULL THEN 'needs_confirmation'
            ELSE ${coveredOrNew} END,
       CASE WHEN known.id IS NOT NULL THEN 'id' WHEN prior.match IS NOT NULL THEN prior.match
            WHEN cand.id IS NOT NULL THEN 'candidate' WHEN f.id_hash IS NOT NULL THEN 'id' ELSE 'none' END,
       f.import_id, f.row_number, coalesce(known.id, prior.student_id),
       CASE WHEN prior.status = 'confirmed_same' THEN prior.student_id ELSE cand.id END,
       CASE WHEN known.id IS NULL AND (prior.status = 'confirmed_same' OR (prior.student_id IS NULL AND cand.id IS NOT NULL))
            THEN NULL ELSE ${caseOf} END,
       f.full_name, f.sex, f.birth_date, f.id_masked, f.id_hash, f.region_path, f.hukou_region_id, NULL,
       jsonb_build_array(format('户籍在本村，适龄（%s岁），无学籍记录', date_part('year', age($2::date, f.birth_date))))
       || CASE WHEN cand.id IS NULL OR prior.student_id IS NOT NULL THEN '[]'::jsonb
               WHEN f.id_hash IS NULL THEN '["无有效身份证号，姓名、出生日期、户籍村与在籍学生相同，需人工确认是否同一人"]'::jsonb
               ELSE '["身份证号未匹配到学籍，姓名、出生日期、户籍村与在籍学生相同，需人工确认是否同一人"]'::jsonb END
  FROM ${FOUND_TABLE} f
  LEFT JOIN LATERAL (
    SELECT s.id, s.enrolment_status = 'enrolled' AND s.school_id IS NOT NULL AS enrolled FROM students s
     WHERE f.id_hash IS NOT NULL AND s.id_number_hash = f.id_hash AND s.merged_into_id IS NULL
     ORDER BY (s.enrolment_status = 'enrolled' AND s.school_id IS NOT NULL) DESC, s.created_at, s.id
     LIMIT 1) known ON true
  LEFT JOIN LATERAL (
    SELECT p.student_id, p.status, p.match FROM comparison_findings p
     WHERE known.id IS NULL AND f.id_hash IS NULL
       AND p.id_hash IS NULL AND p.full_name = f.full_name AND p.birth_date = f.birth_date
       AND p.region_path = f.region_path AND p.category = 'never_enrolled'
       AND p.status IN ('raised', 'confirmed_same') AND p.student_id IS NOT NULL
     ORDER BY p.updated_at DESC LIMIT 1) prior ON true
  LEFT JOIN LATERAL (
    SELECT s.id FROM students s
     WHERE known.id IS NULL AND prior.student_id IS NULL
       AND s.full_name = f.full_name AND s.birth_date = f.birth_date AND s.region_path = f.region_path
       AND s.merged_into_id IS NULL AND s.enrolment_status = 'enrolled' AND s.school_id IS NOT NULL
     ORDER BY s.created_at, s.id LIMIT 1) cand ON true
  ${latestCase("CASE WHEN prior.status = 'confirmed_same' THEN NULL ELSE coalesce(known.id, prior.student_id) END", '$2', '$3', '$4')}
 -- Enrolled by the students table (a live record with the same ID hash, at a school): not found.
 WHERE known.enrolled IS NOT TRUE`;

/**
 * 疑似辍学: enrolled live students under the region (by 户籍 or school) whose unexcused
 * absences in a row, ending on their last recorded day on or before asOf, reach their
 * county's absenceSchoolDays (the attendance rule's run, set-based: $6 county paths, $7 their
 * N, $8 the default N), and enrolment rows under the region with status dropped_out (tied
 * to a student by ID hash). A child found both ways is one finding with both reasons.
 * $3 asOf, $4 open case states, $5 RECENT_EXCLUSION_DAYS.
 */
export const DROPOUT_SQL = `
WITH st AS MATERIALIZED (
  SELECT s.id,
         coalesce((SELECT t.n FROM unnest($6::text[], $7::int[]) AS t(county, n)
                    WHERE coalesce(s.school_region_path, s.region_path) LIKE t.county || '%' LIMIT 1), $8::int) AS n
    FROM students s
   WHERE s.merged_into_id IS NULL AND s.enrolment_status = 'enrolled' AND s.school_id IS NOT NULL
     AND (s.region_path LIKE $2 OR s.school_region_path LIKE $2)
), last AS (
  SELECT DISTINCT ON (a.student_id) a.student_id, a.date, a.mark, st.n
    FROM attendance_records a JOIN st ON st.id = a.student_id
   WHERE a.date <= $3::date
   ORDER BY a.student_id, a.date DESC
), absent AS (
  SELECT l.student_id, count(*)::int AS run
    FROM last l
    LEFT JOIN LATERAL (
      SELECT max(b.date) AS date FROM attendance_records b
       WHERE b.student_id = l.student_id AND b.date <= l.date AND b.mark <> 'unexcused') last_break ON true
    JOIN attendance_records r ON r.student_id = l.student_id AND r.date <= l.date
     AND (last_break.date IS NULL OR r.date > last_break.date)
   WHERE l.mark = 'unexcused'
   GROUP BY l.student_id, l.n
  HAVING count(*) >= l.n
), listed AS (
  SELECT e.import_id, e.row_number, e.id_hash, e.id_masked, e.full_name, e.sex, e.birth_date, e.region_path,
         e.school_id, known.id AS student_id
    FROM register_rows e
    JOIN register_imports ei ON ei.id = e.import_id AND ei.status = 'committed' AND ei.kind = 'enrolment'
    LEFT JOIN LATERAL (
      SELECT s.id FROM students s
       WHERE s.id_number_hash = e.id_hash AND s.merged_into_id IS NULL
       ORDER BY s.created_at, s.id LIMIT 1) known ON e.id_hash IS NOT NULL
   WHERE e.kind = 'enrolment' AND e.region_path LIKE $2 AND e.enrolment_status = 'dropped_out'
), found AS (
  SELECT coalesce(a.student_id, g.student_id) AS student_id, a.run, g.import_id, g.row_number, g.id_hash,
         g.id_masked, g.full_name, g.sex, g.birth_date, g.region_path, g.school_id
    FROM absent a FULL JOIN listed g ON g.student_id = a.student_id
)
INSERT INTO comparison_findings (${FINDING_COLUMNS})
SELECT $1, 'dropout', ${coveredOrNew}, CASE WHEN f.student_id IS NOT NULL THEN 'id' ELSE 'none' END,
       f.import_id, f.row_number, f.student_id, NULL, ${caseOf},
       coalesce(s.full_name, f.full_name), coalesce(s.sex, f.sex), coalesce(s.birth_date, f.birth_date),
       coalesce(s.id_number_masked, f.id_masked), coalesce(s.id_number_hash, f.id_hash),
       coalesce(s.region_path, f.region_path), s.hukou_region_id, coalesce(s.school_id, f.school_id),
       CASE WHEN f.import_id IS NOT NULL THEN '["学籍状态为流失"]'::jsonb ELSE '[]'::jsonb END
       || CASE WHEN f.run IS NOT NULL THEN jsonb_build_array(format('连续%s个教学日无故缺勤', f.run)) ELSE '[]'::jsonb END
  FROM found f
  LEFT JOIN students s ON s.id = f.student_id
  ${latestCase('f.student_id', '$3', '$4', '$5')}`;

/**
 * 重点关注: children with an open case who are on a current poverty-monitoring, civil-affairs
 * or disability list (by ID hash), under the region. A case already marked priority is
 * covered. $3 open case states; $4 list kinds, $5 flags, $6 reasons (parallel arrays; a
 * civil-affairs row's own flag picks its reason, a null flag is the kind's fallback).
 */
export const PRIORITY_SQL = `
WITH listed AS (
  SELECT s.id AS student_id, jsonb_agg(DISTINCT why.reason) AS reasons
    FROM register_rows l
    JOIN register_imports li ON li.id = l.import_id AND li.status = 'committed'
     AND li.kind IN ('poverty_monitoring', 'civil_affairs', 'disability')
    JOIN students s ON s.id_number_hash = l.id_hash AND s.merged_into_id IS NULL
    JOIN LATERAL (
      SELECT t.reason FROM unnest($4::text[], $5::text[], $6::text[]) AS t(kind, flag, reason)
       WHERE t.kind = li.kind AND (t.flag = l.flag::text OR t.flag IS NULL)
       ORDER BY t.flag NULLS LAST LIMIT 1) why ON true
   WHERE l.kind IN ('poverty_monitoring', 'civil_affairs', 'disability')
     AND l.id_hash IS NOT NULL AND (s.region_path LIKE $2 OR s.school_region_path LIKE $2)
   GROUP BY s.id
)
INSERT INTO comparison_findings (${FINDING_COLUMNS})
SELECT $1, 'priority', CASE WHEN c.priority THEN 'covered' ELSE 'new' END, 'id', NULL, NULL, s.id, NULL, c.id,
       s.full_name, s.sex, s.birth_date, s.id_number_masked, s.id_number_hash, s.region_path, s.hukou_region_id,
       s.school_id, l.reasons
  FROM listed l
  JOIN students s ON s.id = l.student_id
  JOIN cases c ON c.student_id = s.id AND c.state = ANY($3::case_state[])`;
