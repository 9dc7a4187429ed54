import type { ClassRoll, RollEntry } from '@baoxue/contracts';
import type { AttendanceMark } from '@baoxue/domain';

/** Test data for the roll specs: one class on one day, as the roll and its save request name it. */
export const ROLL_CLASS = { schoolId: 'school-1', grade: 3, className: '1班', date: '2026-12-01' } as const;

/** A child on the roll, unmarked unless `mark` is given; an excused child was off sick. */
export function rollEntry(
  id: string,
  mark: AttendanceMark | null = null,
  overrides: Partial<RollEntry> = {},
): RollEntry {
  return {
    studentId: id,
    fullName: `学生${id}`,
    sex: 'female',
    mark,
    excuseReason: mark === 'excused' ? 'sick' : null,
    note: null,
    riskScore: null,
    openCaseId: null,
    ...overrides,
  };
}

/** The class's roll, not yet taken unless `overrides` say so. */
export function classRoll(entries: RollEntry[], overrides: Partial<ClassRoll> = {}): ClassRoll {
  return {
    ...ROLL_CLASS,
    schoolName: '进士张小学',
    taken: false,
    takenAt: null,
    takenByName: null,
    entries,
    ...overrides,
  };
}
