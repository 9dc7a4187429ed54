import { ClassRoll, RollEntry } from '@baoxue/contracts';
import { AttendanceMark, ExcuseReason, OPEN_STATES, Sex } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { AttendanceSchool } from './attendance-school';

export interface ClassDayRef {
  grade: number;
  className: string;
  date: string;
}

interface EntryRow {
  student_id: string;
  full_name: string;
  sex: Sex;
  mark: AttendanceMark | null;
  excuse_reason: ExcuseReason | null;
  note: string | null;
  risk_score: number | null;
  open_case_id: string | null;
}

/**
 * The children on a class's roll that day: those enrolled in the class now, and anyone
 * marked in it that day (moved on since, but their mark stays where it was taken).
 */
const ROSTER = `
  SELECT s.id FROM students s
   WHERE s.school_id = $1 AND s.grade = $2 AND s.class_name = $3
     AND s.enrolment_status = 'enrolled' AND s.merged_into_id IS NULL
  UNION
  SELECT r.student_id FROM attendance_records r
   WHERE r.school_id = $1 AND r.date = $4 AND r.grade = $2 AND r.class_name = $3`;

/** The ids of the children on the class's roll that day. */
export async function rosterIds(
  manager: EntityManager,
  schoolId: string,
  day: ClassDayRef,
): Promise<Set<string>> {
  const rows: { id: string }[] = await manager.query(ROSTER, [schoolId, day.grade, day.className, day.date]);
  return new Set(rows.map((row) => row.id));
}

/** One class's roll for one day: every child with their mark (or none yet), risk score and open case. */
export async function readClassRoll(
  manager: EntityManager,
  school: AttendanceSchool,
  day: ClassDayRef,
): Promise<ClassRoll> {
  const params = [school.id, day.grade, day.className, day.date];
  const rows: EntryRow[] = await manager.query(
    `WITH roster AS (${ROSTER})
     SELECT s.id AS student_id, s.full_name, s.sex, r.mark, r.excuse_reason, r.note,
            rs.score AS risk_score, oc.id AS open_case_id
       FROM roster
       JOIN students s ON s.id = roster.id
       LEFT JOIN attendance_records r ON r.student_id = s.id AND r.date = $4
       LEFT JOIN student_risk_scores rs ON rs.student_id = s.id
       LEFT JOIN LATERAL (
         SELECT c.id FROM cases c WHERE c.student_id = s.id AND c.state = ANY($5::case_state[]) LIMIT 1
       ) oc ON true
      ORDER BY s.full_name, s.id`,
    [...params, OPEN_STATES],
  );
  const [taken]: { taken_at: Date; taken_by_name: string | null }[] = await manager.query(
    `SELECT ar.taken_at, u.display_name AS taken_by_name
       FROM attendance_rolls ar LEFT JOIN users u ON u.id = ar.taken_by_user_id
      WHERE ar.school_id = $1 AND ar.grade = $2 AND ar.class_name = $3 AND ar.date = $4`,
    params,
  );
  const entries: RollEntry[] = rows.map((row) => ({
    studentId: row.student_id,
    fullName: row.full_name,
    sex: row.sex,
    mark: row.mark,
    excuseReason: row.excuse_reason,
    note: row.note,
    riskScore: row.risk_score,
    openCaseId: row.open_case_id,
  }));
  return {
    schoolId: school.id,
    schoolName: school.name,
    grade: day.grade,
    className: day.className,
    date: day.date,
    taken: entries.length > 0 && entries.every((entry) => entry.mark !== null),
    takenAt: taken ? new Date(taken.taken_at).toISOString() : null,
    takenByName: taken?.taken_by_name ?? null,
    entries,
  };
}
