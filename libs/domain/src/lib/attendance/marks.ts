import { LabelTable } from '../labels';

/** One child's mark on one school day's roll (点名). Late counts as attending. */
export const ATTENDANCE_MARKS = ['present', 'late', 'excused', 'unexcused'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

export const ATTENDANCE_MARK_LABELS: LabelTable<AttendanceMark> = {
  present: { zh: '出勤', en: 'Present' },
  late: { zh: '迟到', en: 'Late' },
  excused: { zh: '请假', en: 'Excused absence' },
  unexcused: { zh: '无故缺勤', en: 'Unexcused absence' },
};

/** Why an excused absence was excused; required with `excused`, refused with any other mark. */
export const EXCUSE_REASONS = ['sick', 'personal', 'family', 'weather', 'other'] as const;
export type ExcuseReason = (typeof EXCUSE_REASONS)[number];

export const EXCUSE_REASON_LABELS: LabelTable<ExcuseReason> = {
  sick: { zh: '病假', en: 'Sick' },
  personal: { zh: '事假', en: 'Personal' },
  family: { zh: '家庭原因', en: 'Family' },
  weather: { zh: '天气或交通', en: 'Weather or transport' },
  other: { zh: '其他', en: 'Other' },
};

/** 实到: at school that day, on time or late. */
export function isAttending(mark: AttendanceMark): boolean {
  return mark === 'present' || mark === 'late';
}

/** 未到: absent that day, excused or not. */
export function isAbsent(mark: AttendanceMark): boolean {
  return mark === 'excused' || mark === 'unexcused';
}

/** One recorded school day of one child. */
export interface DayMark {
  /** YYYY-MM-DD */
  date: string;
  mark: AttendanceMark;
}

/**
 * The unexcused absences in a row that end on `onDate`: the child's recorded days up to and
 * including `onDate`, counted back while unexcused. Only days with a roll count, so weekends,
 * holidays and days a class took no roll neither extend nor break a run; anything else
 * (present, late, excused) breaks it. 0 when `onDate` itself is not an unexcused absence.
 */
export function unexcusedRunEndingOn(days: readonly DayMark[], onDate: string): number {
  const upTo = days
    .filter((d) => d.date <= onDate)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = upTo[upTo.length - 1];
  if (!last || last.date !== onDate) return 0;
  let run = 0;
  for (let i = upTo.length - 1; i >= 0 && upTo[i].mark === 'unexcused'; i -= 1) run += 1;
  return run;
}
