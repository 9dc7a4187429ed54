import { OPEN_STATES } from '@baoxue/domain';
import { EntityManager } from 'typeorm';

/** A child whose unexcused absences in a row, ending on a day, reached the county's N. */
export interface AbsenceRun {
  studentId: string;
  /** The day the run ends on. */
  date: string;
  /** Unexcused school days in a row ending on `date`. */
  run: number;
  /** The first day of the run (the case's absentSince). */
  since: string;
}

/** A child marked unexcused on a day. */
export interface UnexcusedDay {
  studentId: string;
  date: string;
}

/**
 * The run of unexcused absences ending on each given day, counted as `unexcusedRunEndingOn`
 * (libs/domain) counts it but set-based: the child's unexcused days after their last
 * recorded day that was not unexcused. Only recorded days count, so days without a roll
 * neither extend nor break a run. Runs shorter than `minimum`, days not marked unexcused
 * and children with an open case (they need no second one) give no row; a child with
 * several days given gets the run of the latest.
 */
export async function absenceRunsReaching(
  manager: EntityManager,
  days: readonly UnexcusedDay[],
  minimum: number,
): Promise<AbsenceRun[]> {
  if (days.length === 0) return [];
  const rows: { student_id: string; date: string; run: number; since: string }[] = await manager.query(
    `SELECT DISTINCT ON (d.student_id) d.student_id, to_char(d.date, 'YYYY-MM-DD') AS date,
            count(*)::int AS run, to_char(min(r.date), 'YYYY-MM-DD') AS since
       FROM attendance_records d
       JOIN (SELECT DISTINCT * FROM unnest($1::uuid[], $2::date[])) AS asked(student_id, date)
         ON asked.student_id = d.student_id AND asked.date = d.date
       LEFT JOIN LATERAL (
         SELECT max(b.date) AS date FROM attendance_records b
          WHERE b.student_id = d.student_id AND b.date <= d.date AND b.mark <> 'unexcused'
       ) last_break ON true
       JOIN attendance_records r ON r.student_id = d.student_id AND r.date <= d.date
        AND (last_break.date IS NULL OR r.date > last_break.date)
      WHERE d.mark = 'unexcused'
        AND NOT EXISTS (
          SELECT 1 FROM cases c WHERE c.student_id = d.student_id AND c.state = ANY($4::case_state[]))
      GROUP BY d.student_id, d.date
     HAVING count(*) >= $3
      ORDER BY d.student_id, d.date DESC`,
    [days.map((d) => d.studentId), days.map((d) => d.date), minimum, OPEN_STATES],
  );
  return rows.map((row) => ({ studentId: row.student_id, date: row.date, run: row.run, since: row.since }));
}
