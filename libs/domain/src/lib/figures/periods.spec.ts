import { parsePeriod, PERIOD_KINDS, periodOf, previousPeriod, schoolYearStartOf } from './periods';

describe('reporting periods', () => {
  it.each([
    ['month', '2026-02-14', '2026-02', '2026-02-01', '2026-02-28'],
    ['month', '2028-02-14', '2028-02', '2028-02-01', '2028-02-29'],
    ['quarter', '2026-11-28', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['semester', '2026-11-28', '2026-2027-1', '2026-09-01', '2027-01-31'],
    ['semester', '2027-01-31', '2026-2027-1', '2026-09-01', '2027-01-31'],
    ['semester', '2027-02-01', '2026-2027-2', '2027-02-01', '2027-08-31'],
    ['school_year', '2026-08-31', '2025-2026', '2025-09-01', '2026-08-31'],
    ['school_year', '2026-09-01', '2026-2027', '2026-09-01', '2027-08-31'],
  ] as const)('%s of %s is %s (%s to %s)', (kind, day, id, from, to) => {
    expect(periodOf(kind, day)).toEqual({ kind, id, from, to });
  });

  it('parses every id it makes back to the same period, and nothing else', () => {
    for (const kind of PERIOD_KINDS) {
      for (let offset = 0; offset < 800; offset += 17) {
        const day = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const period = periodOf(kind, day);
        expect(parsePeriod(kind, period.id)).toEqual(period);
        expect(day >= period.from && day <= period.to).toBe(true);
      }
    }
    expect(parsePeriod('month', '2026-13')).toBeNull();
    expect(parsePeriod('quarter', '2026-Q5')).toBeNull();
    expect(parsePeriod('semester', '2026-2028-1')).toBeNull();
    expect(parsePeriod('school_year', '2026')).toBeNull();
  });

  it('steps back one period', () => {
    expect(previousPeriod(periodOf('month', '2026-01-10')).id).toBe('2025-12');
    expect(previousPeriod(periodOf('semester', '2026-03-10')).id).toBe('2025-2026-1');
    expect(previousPeriod(periodOf('semester', '2026-10-10')).id).toBe('2025-2026-2');
    expect(schoolYearStartOf('2026-08-31')).toBe(2025);
  });
});
