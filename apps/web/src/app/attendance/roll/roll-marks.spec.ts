import { ATTENDANCE_MARKS, AttendanceMark, EXCUSE_REASONS, isAbsent } from '@baoxue/domain';
import fc from 'fast-check';
import {
  allPresent,
  missingReasons,
  RollChanges,
  rollCounts,
  savePayload,
  shownChoice,
  withMark,
  withReason,
} from './roll-marks';
import { classRoll, ROLL_CLASS, rollEntry } from './roll-fixtures';

const none: RollChanges = new Map();

describe('roll marks', () => {
  it('shows an unmarked child as present and a marked one as saved', () => {
    expect(shownChoice(rollEntry('a'), none)).toEqual({ mark: 'present', excuseReason: null });
    expect(shownChoice(rollEntry('b', 'excused'), none)).toEqual({ mark: 'excused', excuseReason: 'sick' });
  });

  it('asks for a reason after 请假 and keeps it when the child is marked excused again', () => {
    const child = rollEntry('a');
    let changes = withMark(none, child, 'excused');
    expect(shownChoice(child, changes)).toEqual({ mark: 'excused', excuseReason: null });
    expect(missingReasons([child], changes)).toEqual(['a']);
    changes = withReason(changes, child, 'family');
    expect(missingReasons([child], changes)).toEqual([]);
    changes = withMark(changes, child, 'excused');
    expect(shownChoice(child, changes).excuseReason).toBe('family');
    // Another mark drops the reason.
    changes = withMark(changes, child, 'unexcused');
    expect(shownChoice(child, changes)).toEqual({ mark: 'unexcused', excuseReason: null });
  });

  it('going back to the saved mark is no change for a marked child, but still one for an unmarked one', () => {
    const marked = rollEntry('a', 'late');
    const unmarked = rollEntry('b');
    const changes = withMark(withMark(none, marked, 'unexcused'), unmarked, 'late');
    expect(changes.size).toBe(2);
    const back = withMark(withMark(changes, marked, 'late'), unmarked, 'present');
    expect([...back.keys()]).toEqual(['b']);
  });

  it('全部出勤 makes every child present, whatever was marked or saved', () => {
    const entries = [rollEntry('a', 'unexcused'), rollEntry('b', 'excused'), rollEntry('c')];
    const changes = allPresent(entries, withMark(none, entries[2], 'late'));
    expect(entries.map((e) => shownChoice(e, changes).mark)).toEqual(['present', 'present', 'present']);
    expect(rollCounts(entries, changes)).toEqual({
      expected: 3,
      present: 3,
      absent: 0,
      late: 0,
      excused: 0,
      unexcused: 0,
    });
  });

  it('saves the whole class: unmarked children as present, reasons only with excused, notes kept', () => {
    const entries = [
      rollEntry('a'),
      rollEntry('b', 'present', { note: '早退' }),
      rollEntry('c'),
      rollEntry('d'),
    ];
    let changes = withMark(none, entries[2], 'unexcused');
    changes = withReason(changes, entries[3], 'weather');
    expect(savePayload(classRoll(entries), changes)).toEqual({
      ...ROLL_CLASS,
      marks: [
        { studentId: 'a', mark: 'present' },
        { studentId: 'b', mark: 'present', note: '早退' },
        { studentId: 'c', mark: 'unexcused' },
        { studentId: 'd', mark: 'excused', excuseReason: 'weather' },
      ],
    });
  });

  it('counts 应到 = 实到 + 未到 and the parts as marked, for any marking', () => {
    const marking = fc.array(
      fc.record({
        saved: fc.option(fc.constantFrom(...ATTENDANCE_MARKS), { nil: null }),
        tap: fc.option(fc.constantFrom(...ATTENDANCE_MARKS, ...EXCUSE_REASONS.map((r) => `reason:${r}`)), {
          nil: null,
        }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(marking, (children) => {
        const entries = children.map((c, i) => rollEntry(String(i), c.saved));
        let changes: RollChanges = none;
        children.forEach((c, i) => {
          if (c.tap === null) return;
          changes = c.tap.startsWith('reason:')
            ? withReason(changes, entries[i], c.tap.slice(7) as (typeof EXCUSE_REASONS)[number])
            : withMark(changes, entries[i], c.tap as AttendanceMark);
        });
        const counts = rollCounts(entries, changes);
        const shown = entries.map((e) => shownChoice(e, changes).mark);
        expect(counts.expected).toBe(entries.length);
        expect(counts.present + counts.absent).toBe(counts.expected);
        expect(counts.absent).toBe(shown.filter(isAbsent).length);
        expect(counts.excused + counts.unexcused).toBe(counts.absent);
        expect(counts.late).toBe(shown.filter((m) => m === 'late').length);
        // The payload says exactly what is shown, one mark per child.
        const payload = savePayload(classRoll(entries), changes);
        expect(payload.marks.map((m) => m.mark)).toEqual(shown);
        expect(
          payload.marks.every(
            (m) => (m.excuseReason !== undefined) === (m.mark === 'excused' && !!m.excuseReason),
          ),
        ).toBe(true);
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
