import type { ClassRoll, RollEntry, SaveRollRequest } from '@baoxue/contracts';
import { AttendanceMark, ExcuseReason, isAbsent, isAttending } from '@baoxue/domain';

/** A child's mark as the page shows it: excused absences carry their reason once chosen. */
export interface MarkChoice {
  mark: AttendanceMark;
  excuseReason: ExcuseReason | null;
}

/** The marks changed on the page and not saved yet, by student id. */
export type RollChanges = ReadonlyMap<string, MarkChoice>;

/** 应到 / 实到 / 未到 and their parts, as the roll stands on the page. */
export interface RollCounts {
  expected: number;
  present: number;
  absent: number;
  late: number;
  excused: number;
  unexcused: number;
}

/** The mark saved for the child, or 出勤 when none is: the grid starts everyone present. */
export function savedChoice(entry: RollEntry): MarkChoice {
  return entry.mark
    ? { mark: entry.mark, excuseReason: entry.mark === 'excused' ? entry.excuseReason : null }
    : { mark: 'present', excuseReason: null };
}

/** What the page shows for the child: the unsaved change, else the saved mark, else 出勤. */
export function shownChoice(entry: RollEntry, changes: RollChanges): MarkChoice {
  return changes.get(entry.studentId) ?? savedChoice(entry);
}

function sameChoice(a: MarkChoice, b: MarkChoice): boolean {
  return a.mark === b.mark && a.excuseReason === b.excuseReason;
}

/** Records a choice; going back to what is saved is no change (for a child already marked). */
function put(changes: RollChanges, entry: RollEntry, choice: MarkChoice): RollChanges {
  const next = new Map(changes);
  if (entry.mark !== null && sameChoice(choice, savedChoice(entry))) next.delete(entry.studentId);
  else next.set(entry.studentId, choice);
  return next;
}

/** Marks one child; an excused absence keeps the reason already chosen for it, if any. */
export function withMark(changes: RollChanges, entry: RollEntry, mark: AttendanceMark): RollChanges {
  const shown = shownChoice(entry, changes);
  const excuseReason = mark === 'excused' ? (shown.mark === 'excused' ? shown.excuseReason : null) : null;
  return put(changes, entry, { mark, excuseReason });
}

/** Picks the reason of an excused absence (marking the child excused if not yet). */
export function withReason(changes: RollChanges, entry: RollEntry, reason: ExcuseReason): RollChanges {
  return put(changes, entry, { mark: 'excused', excuseReason: reason });
}

/** 全部出勤: every child present, whatever was marked before. */
export function allPresent(entries: readonly RollEntry[], changes: RollChanges): RollChanges {
  return entries.reduce<RollChanges>(
    (next, entry) => put(next, entry, { mark: 'present', excuseReason: null }),
    changes,
  );
}

export function rollCounts(entries: readonly RollEntry[], changes: RollChanges): RollCounts {
  const counts: RollCounts = {
    expected: entries.length,
    present: 0,
    absent: 0,
    late: 0,
    excused: 0,
    unexcused: 0,
  };
  for (const entry of entries) {
    const { mark } = shownChoice(entry, changes);
    if (isAttending(mark)) counts.present += 1;
    if (isAbsent(mark)) counts.absent += 1;
    if (mark === 'late') counts.late += 1;
    if (mark === 'excused') counts.excused += 1;
    if (mark === 'unexcused') counts.unexcused += 1;
  }
  return counts;
}

/** Children marked excused whose reason is still to be chosen. */
export function missingReasons(entries: readonly RollEntry[], changes: RollChanges): string[] {
  return entries
    .filter((entry) => {
      const choice = shownChoice(entry, changes);
      return choice.mark === 'excused' && !choice.excuseReason;
    })
    .map((entry) => entry.studentId);
}

/**
 * The whole class as shown, so the saved roll is complete (every child marked): the
 * unmarked children go as present, notes already saved are kept.
 */
export function savePayload(roll: ClassRoll, changes: RollChanges): SaveRollRequest {
  return {
    schoolId: roll.schoolId,
    grade: roll.grade,
    className: roll.className,
    date: roll.date,
    marks: roll.entries.map((entry) => {
      const { mark, excuseReason } = shownChoice(entry, changes);
      return {
        studentId: entry.studentId,
        mark,
        ...(mark === 'excused' && excuseReason ? { excuseReason } : {}),
        ...(entry.note ? { note: entry.note } : {}),
      };
    }),
  };
}
