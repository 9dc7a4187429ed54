import { AttendanceMark, EXCUSE_REASONS } from '@baoxue/domain';
import { DataSource } from 'typeorm';

/** Test data: children of a class of their own at a school, and their raw records. */
export async function insertChildren(
  db: DataSource,
  school: { id: string; path: string },
  className: string,
  count: number,
  grade = 3,
): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO students (full_name, sex, birth_date, region_path, school_region_path, school_id, grade, class_name)
     SELECT '预警' || $3 || n, 'female', '2017-03-01', $1, $1, $2, $4, $3 FROM generate_series(1, $5) n
     RETURNING id`,
    [school.path, school.id, className, grade, count],
  );
  return rows.map((r) => r.id);
}

export async function insertDays(
  db: DataSource,
  schoolId: string,
  days: readonly { studentId: string; date: string; mark: AttendanceMark }[],
): Promise<void> {
  if (days.length === 0) return;
  await db.query(
    `INSERT INTO attendance_records (student_id, school_id, date, mark, excuse_reason)
     SELECT u.student_id, $1, u.date, u.mark::attendance_mark,
            CASE WHEN u.mark = 'excused' THEN $5::excuse_reason END
       FROM unnest($2::uuid[], $3::date[], $4::text[]) AS u(student_id, date, mark)`,
    [
      schoolId,
      days.map((d) => d.studentId),
      days.map((d) => d.date),
      days.map((d) => d.mark),
      EXCUSE_REASONS[0],
    ],
  );
}

/** A dropout case of the child, in `state` (no other case of theirs may be open). */
export async function insertCase(
  db: DataSource,
  studentId: string,
  state: 'suspected' | 'excluded' | 'closed',
): Promise<void> {
  await db.query(
    `INSERT INTO cases (type, source, primary_reason, state, region_path, school_region_path, school_id, student_id)
     SELECT 'suspected_dropout', 'village_patrol', 'family_hardship', $2, s.region_path, s.school_region_path,
            s.school_id, s.id
       FROM students s WHERE s.id = $1`,
    [studentId, state],
  );
}
