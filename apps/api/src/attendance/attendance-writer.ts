import { AttendanceMark, ExcuseReason } from '@baoxue/domain';
import { EntityManager } from 'typeorm';

/** One mark to store, with the class the child was in that day. */
export interface MarkToWrite {
  studentId: string;
  date: string;
  grade: number;
  className: string;
  mark: AttendanceMark;
  excuseReason: ExcuseReason | null;
  note: string | null;
}

export interface ClassDay {
  grade: number;
  className: string;
  date: string;
}

/**
 * Stores marks and the rolls they belong to, set-based: one INSERT … ON CONFLICT over
 * unnest arrays per table, whatever the number of rows (a class of 50, a term's import).
 * A mark saved again replaces the earlier one for that child and day.
 */
export async function writeAttendance(
  manager: EntityManager,
  schoolId: string,
  userId: string | null,
  now: Date,
  marks: readonly MarkToWrite[],
  rolls: readonly ClassDay[],
): Promise<void> {
  if (marks.length > 0) {
    await manager.query(
      `INSERT INTO attendance_records (student_id, date, grade, class_name, mark, excuse_reason, note,
         school_id, recorded_by_user_id, recorded_at)
       SELECT m.*, $8::uuid, $9::uuid, $10::timestamptz
         FROM unnest($1::uuid[], $2::date[], $3::smallint[], $4::text[], $5::attendance_mark[],
           $6::excuse_reason[], $7::text[]) AS m
       ON CONFLICT (student_id, date) DO UPDATE SET
         school_id = EXCLUDED.school_id, grade = EXCLUDED.grade, class_name = EXCLUDED.class_name,
         mark = EXCLUDED.mark, excuse_reason = EXCLUDED.excuse_reason, note = EXCLUDED.note,
         recorded_by_user_id = EXCLUDED.recorded_by_user_id, recorded_at = EXCLUDED.recorded_at`,
      [
        marks.map((m) => m.studentId),
        marks.map((m) => m.date),
        marks.map((m) => m.grade),
        marks.map((m) => m.className),
        marks.map((m) => m.mark),
        marks.map((m) => m.excuseReason),
        marks.map((m) => m.note),
        schoolId,
        userId,
        now,
      ],
    );
  }
  if (rolls.length > 0) {
    await manager.query(
      `INSERT INTO attendance_rolls (school_id, grade, class_name, date, taken_by_user_id, taken_at)
       SELECT $1::uuid, r.*, $5::uuid, $6::timestamptz
         FROM unnest($2::smallint[], $3::text[], $4::date[]) AS r
       ON CONFLICT (school_id, date, grade, class_name) DO UPDATE SET
         taken_by_user_id = EXCLUDED.taken_by_user_id, taken_at = EXCLUDED.taken_at`,
      [
        schoolId,
        rolls.map((r) => r.grade),
        rolls.map((r) => r.className),
        rolls.map((r) => r.date),
        userId,
        now,
      ],
    );
  }
}
