import fc from 'fast-check';
import { SPECIAL_STATUS_FLAGS, SpecialStatusFlag } from '../special-status';
import { ATTENDANCE_MARKS, AttendanceMark, DayMark, isAbsent } from './marks';
import {
  ageAtSchoolYearStart,
  assessRisk,
  DEFAULT_RISK_RULES,
  MAX_RISK_SCORE,
  RiskFacts,
  RiskRules,
  yearsOverAge,
} from './risk';

/** `marks` on consecutive dates from 2026-09-01 on (calendar gaps do not matter to the rules). */
function days(marks: readonly AttendanceMark[], from = Date.UTC(2026, 8, 1)): DayMark[] {
  return marks.map((mark, i) => ({ date: new Date(from + i * 86_400_000).toISOString().slice(0, 10), mark }));
}

const facts = (overrides: Partial<RiskFacts> = {}): RiskFacts => ({
  days: [],
  flags: [],
  hadCase: false,
  ageAtSchoolYearStart: null,
  grade: null,
  ...overrides,
});

const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

describe('assessRisk', () => {
  it('gives the reasons of the issue in plain Chinese, highest weight first', () => {
    const marks: AttendanceMark[] = [...repeat('present' as const, 14), ...repeat('excused' as const, 6)];
    const result = assessRisk(
      facts({ days: days(marks), flags: ['left_behind'], hadCase: true }),
      DEFAULT_RISK_RULES,
    );
    expect(result.reasons.map((r) => [r.code, r.weight, r.zh])).toEqual([
      ['attendance_rate', 30, '近20个教学日缺勤6天'],
      ['previous_case', 20, '曾有辍学记录'],
      ['flag', 10, '留守儿童'],
    ]);
    expect(result.score).toBe(60);
    expect(result.watch).toBe(true);
    expect(result.summaryZh).toBe('近20个教学日缺勤6天；曾有辍学记录；留守儿童');
    expect(result.reasons[0].en).toBe('Absent 6 of the last 20 school days');
  });

  it('scores the lowest tier the rate is below, and nothing at or above the highest', () => {
    const withAbsences = (absent: number) =>
      assessRisk(
        facts({
          days: days([...repeat('present' as const, 20 - absent), ...repeat('excused' as const, absent)]),
        }),
        DEFAULT_RISK_RULES,
      ).score;
    // 20 days: 2 absent = 90% (not below 0.9), 3 = 85%, 4 = 80%, 5 = 75%.
    expect([0, 2, 3, 4, 5].map(withAbsences)).toEqual([0, 0, 10, 20, 30]);
  });

  it('looks only at the last windowSchoolDays recorded days, in any order, up to asOf', () => {
    const recent = days(repeat('present' as const, 20), Date.UTC(2026, 9, 1));
    const old = days(repeat('unexcused' as const, 10), Date.UTC(2026, 8, 1));
    expect(assessRisk(facts({ days: [...recent, ...old].reverse() }), DEFAULT_RISK_RULES).score).toBe(0);
    // As of the day before the recent days, only the old absences count.
    const asOf = assessRisk(facts({ days: [...recent, ...old] }), DEFAULT_RISK_RULES, '2026-09-30');
    expect(asOf.summaryZh).toBe('近10个教学日缺勤10天；近10个教学日无故缺勤10次');
    expect(asOf.score).toBe(50);
  });

  it('has no attendance reason without recorded days', () => {
    expect(assessRisk(facts(), DEFAULT_RISK_RULES)).toEqual({
      score: 0,
      watch: false,
      reasons: [],
      summaryZh: '',
    });
  });

  it('counts repeated unexcused absences apart from the rate', () => {
    const marks: AttendanceMark[] = [...repeat('present' as const, 17), ...repeat('unexcused' as const, 3)];
    const result = assessRisk(facts({ days: days(marks) }), DEFAULT_RISK_RULES);
    expect(result.reasons.map((r) => `${r.code}:${r.weight}:${r.zh}`)).toEqual([
      'repeated_unexcused:20:近20个教学日无故缺勤3次',
      'attendance_rate:10:近20个教学日缺勤3天',
    ]);
  });

  it('scores over-age for the grade from the age on 1 September', () => {
    // Grade 3 usually starts at 8; at 10 the child is two years over.
    expect(assessRisk(facts({ ageAtSchoolYearStart: 10, grade: 3 }), DEFAULT_RISK_RULES).summaryZh).toBe(
      '超龄2岁',
    );
    expect(assessRisk(facts({ ageAtSchoolYearStart: 9, grade: 3 }), DEFAULT_RISK_RULES).score).toBe(0);
    expect(assessRisk(facts({ ageAtSchoolYearStart: 12, grade: null }), DEFAULT_RISK_RULES).score).toBe(0);
  });

  it('leaves out reasons a county weighted 0, and caps the score', () => {
    const rules: RiskRules = {
      ...DEFAULT_RISK_RULES,
      flagWeights: { left_behind: 0, orphan: 90 },
      previousCaseWeight: 90,
    };
    const result = assessRisk(facts({ flags: ['left_behind', 'orphan', 'migrant'], hadCase: true }), rules);
    expect(result.reasons.map((r) => r.zh)).toEqual(['孤儿', '曾有辍学记录']);
    expect(result.score).toBe(MAX_RISK_SCORE);
  });
});

describe('ageAtSchoolYearStart', () => {
  it('is the age on 1 September of the school year the day falls in', () => {
    expect(ageAtSchoolYearStart('2016-09-01', '2026-09-01')).toBe(10);
    expect(ageAtSchoolYearStart('2016-09-02', '2026-09-01')).toBe(9);
    // In spring the school year began the September before.
    expect(ageAtSchoolYearStart('2016-03-01', '2027-05-10')).toBe(10);
    expect(ageAtSchoolYearStart('2016-12-31', '2027-08-31')).toBe(9);
    expect(yearsOverAge(6, 1)).toBe(0);
    expect(yearsOverAge(5, 1)).toBe(0);
    expect(yearsOverAge(16, 9)).toBe(2);
  });
});

const markArb = fc.constantFrom(...ATTENDANCE_MARKS);
const flagArb = fc.uniqueArray(fc.constantFrom(...SPECIAL_STATUS_FLAGS), { maxLength: 4 });
const weightArb = fc.integer({ min: 0, max: 100 });
const rulesArb: fc.Arbitrary<RiskRules> = fc.record({
  windowSchoolDays: fc.integer({ min: 5, max: 40 }),
  attendanceTiers: fc
    .uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 4 })
    .chain((belows) =>
      fc.tuple(
        ...belows.sort((a, b) => b - a).map((b) => weightArb.map((weight) => ({ below: b / 100, weight }))),
      ),
    ),
  repeatedUnexcused: fc.record({ atLeast: fc.integer({ min: 1, max: 5 }), weight: weightArb }),
  flagWeights: fc.dictionary(fc.constantFrom(...SPECIAL_STATUS_FLAGS), weightArb) as fc.Arbitrary<
    Partial<Record<SpecialStatusFlag, number>>
  >,
  previousCaseWeight: weightArb,
  overAge: fc.record({ years: fc.integer({ min: 1, max: 4 }), weight: weightArb }),
  watchFrom: fc.integer({ min: 1, max: 100 }),
});
const factsArb: fc.Arbitrary<RiskFacts> = fc.record({
  days: fc.array(markArb, { maxLength: 60 }).map((marks) => days(marks)),
  flags: flagArb,
  hadCase: fc.boolean(),
  ageAtSchoolYearStart: fc.option(fc.integer({ min: 5, max: 18 })),
  grade: fc.option(fc.integer({ min: 1, max: 9 })),
});
const RUNS = { seed: 20261202, numRuns: 300 };

describe('assessRisk, on random facts and rules', () => {
  it('adds up its reasons, highest first, each with a weight above 0', () => {
    fc.assert(
      fc.property(factsArb, rulesArb, (f, rules) => {
        const result = assessRisk(f, rules);
        const sum = result.reasons.reduce((s, r) => s + r.weight, 0);
        expect(result.score).toBe(Math.min(MAX_RISK_SCORE, sum));
        expect(result.watch).toBe(result.score >= rules.watchFrom);
        expect(result.summaryZh).toBe(result.reasons.map((r) => r.zh).join('；'));
        result.reasons.forEach((r, i) => {
          expect(r.weight).toBeGreaterThan(0);
          if (i > 0) expect(r.weight).toBeLessThanOrEqual(result.reasons[i - 1].weight);
        });
      }),
      RUNS,
    );
  });

  it('gives the attendance reason of the lowest tier below the window rate', () => {
    fc.assert(
      fc.property(factsArb, rulesArb, (f, rules) => {
        const window = f.days.slice(-rules.windowSchoolDays);
        const absent = window.filter((d) => isAbsent(d.mark)).length;
        const below = rules.attendanceTiers.filter(
          (t) => window.length > 0 && (window.length - absent) / window.length < t.below,
        );
        const expected = below.length === 0 ? 0 : below[below.length - 1].weight;
        const reason = assessRisk(f, rules).reasons.find((r) => r.code === 'attendance_rate');
        expect(reason?.weight ?? 0).toBe(expected);
        if (reason) expect(reason.zh).toBe(`近${window.length}个教学日缺勤${absent}天`);
      }),
      RUNS,
    );
  });

  it('ignores the order of days and days before the window', () => {
    fc.assert(
      fc.property(factsArb, rulesArb, fc.array(markArb, { maxLength: 10 }), (f, rules, older) => {
        const full = {
          ...f,
          days: days([...repeat('present' as const, rules.windowSchoolDays), ...f.days.map((d) => d.mark)]),
        };
        const withOlder = {
          ...full,
          days: [...days(older, Date.UTC(2025, 0, 1)), ...[...full.days].reverse()],
        };
        expect(assessRisk(withOlder, rules)).toEqual(assessRisk(full, rules));
      }),
      RUNS,
    );
  });

  it('never scores lower when a day present turns into an unexcused absence (default rules)', () => {
    fc.assert(
      fc.property(factsArb, fc.nat(), (f, pick) => {
        const present = f.days.map((d, i) => (d.mark === 'present' ? i : -1)).filter((i) => i >= 0);
        fc.pre(present.length > 0);
        const at = present[pick % present.length];
        const worse = {
          ...f,
          days: f.days.map((d, i) => (i === at ? { ...d, mark: 'unexcused' as const } : d)),
        };
        expect(assessRisk(worse, DEFAULT_RISK_RULES).score).toBeGreaterThanOrEqual(
          assessRisk(f, DEFAULT_RISK_RULES).score,
        );
      }),
      RUNS,
    );
  });
});
