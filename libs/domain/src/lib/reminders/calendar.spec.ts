import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  chinaInstant,
  chinaTimeOf,
  isClockTime,
  isWorkingDay,
  WorkCalendar,
} from './calendar';

const PLAIN: WorkCalendar = { holidays: [], makeUpWorkdays: [] };

/** 2026 National Day (国庆节): 1–7 October off, Saturday 10 October worked instead. */
const NATIONAL_DAY_2026: WorkCalendar = {
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeUpWorkdays: ['2026-10-10'],
};

describe('working days', () => {
  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('skips weekends', () => {
    // 2026-12-04 is a Friday.
    expect(isWorkingDay('2026-12-04', PLAIN)).toBe(true);
    expect(isWorkingDay('2026-12-05', PLAIN)).toBe(false);
    expect(isWorkingDay('2026-12-06', PLAIN)).toBe(false);
    expect(addWorkingDays('2026-12-04', 1, PLAIN)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-03', 3, PLAIN)).toBe('2026-12-08');
    // Reported on a Saturday: the count starts on Monday.
    expect(addWorkingDays('2026-12-05', 1, PLAIN)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-04', 0, PLAIN)).toBe('2026-12-04');
  });

  it('skips the National Day holidays and counts the make-up Saturday', () => {
    expect(isWorkingDay('2026-10-05', NATIONAL_DAY_2026)).toBe(false);
    expect(isWorkingDay('2026-10-10', NATIONAL_DAY_2026)).toBe(true);
    expect(isWorkingDay('2026-10-11', NATIONAL_DAY_2026)).toBe(false);
    // Reported on Tuesday 29 September: Wednesday 30, then Thursday 8 and Friday 9 October.
    expect(addWorkingDays('2026-09-29', 3, NATIONAL_DAY_2026)).toBe('2026-10-09');
    // Reported on the eve: Thursday 8, Friday 9, Saturday 10 (worked).
    expect(addWorkingDays('2026-09-30', 3, NATIONAL_DAY_2026)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4, NATIONAL_DAY_2026)).toBe('2026-10-12');
    // Without the calendar the same count lands inside the holiday.
    expect(addWorkingDays('2026-09-30', 3, PLAIN)).toBe('2026-10-05');
  });

  it('always lands on a working day after the start, having passed exactly n of them', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2026-01-01', n));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 30 }),
        fc.uniqueArray(day, { maxLength: 20 }),
        (start, n, holidays) => {
          const calendar = { holidays, makeUpWorkdays: NATIONAL_DAY_2026.makeUpWorkdays };
          const due = addWorkingDays(start, n, calendar);
          expect(due > start).toBe(true);
          expect(isWorkingDay(due, calendar)).toBe(true);
          let passed = 0;
          for (let d = addDays(start, 1); d <= due; d = addDays(d, 1))
            if (isWorkingDay(d, calendar)) passed++;
          expect(passed).toBe(n);
        },
      ),
    );
  });
});

describe('China time', () => {
  it('turns a local time on a date into the UTC instant (UTC+8, no daylight saving)', () => {
    expect(chinaInstant('2026-10-08', '08:00').toISOString()).toBe('2026-10-08T00:00:00.000Z');
    expect(chinaInstant('2026-10-08', '07:30').toISOString()).toBe('2026-10-07T23:30:00.000Z');
    expect(chinaInstant('2026-07-01', '23:59').toISOString()).toBe('2026-07-01T15:59:00.000Z');
    expect(chinaTimeOf(new Date('2026-10-07T23:30:00Z'))).toBe('07:30');
    expect(chinaTimeOf(chinaInstant('2026-01-15', '18:45'))).toBe('18:45');
  });

  it('accepts only 24-hour HH:MM times', () => {
    for (const ok of ['00:00', '08:00', '23:59', '12:30']) expect(isClockTime(ok)).toBe(true);
    for (const bad of ['8:00', '24:00', '12:60', '12:3', '0800', '', null, 800, '08:00:00'])
      expect(isClockTime(bad)).toBe(false);
  });
});
