import fc from 'fast-check';
import { SettingsProblem } from '../cases/settings-validation';
import { DEFAULT_RISK_RULES, RiskRules } from './risk';
import { validateRiskRules } from './risk-validation';

const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(DEFAULT_RISK_RULES));
const names = (problems: SettingsProblem[]) => problems.map((p) => `${p.field}:${p.rule}`).sort();
const check = (overrides: Partial<Record<keyof RiskRules | string, unknown>>) =>
  names(validateRiskRules({ ...valid(), ...overrides }));

describe('validateRiskRules', () => {
  it('accepts the defaults and rules with no tiers and no flags', () => {
    expect(validateRiskRules(valid())).toEqual([]);
    expect(validateRiskRules({ ...valid(), attendanceTiers: [], flagWeights: {} })).toEqual([]);
  });

  it('refuses anything but an object', () => {
    for (const value of [null, undefined, 'rules', 3, []])
      expect(names(validateRiskRules(value))).toEqual(['rules:isObject']);
  });

  it('names unknown and missing rules', () => {
    const { watchFrom: _w, ...rest } = valid();
    expect(names(validateRiskRules({ ...rest, colour: 'red', constructor: 1 }))).toEqual([
      'colour:whitelist',
      'constructor:whitelist',
      'watchFrom:isDefined',
    ]);
  });

  it('keeps the window to 5–120 whole school days', () => {
    expect(check({ windowSchoolDays: 4 })).toEqual(['windowSchoolDays:min']);
    expect(check({ windowSchoolDays: 121 })).toEqual(['windowSchoolDays:max']);
    expect(check({ windowSchoolDays: 20.5 })).toEqual(['windowSchoolDays:isInt']);
    expect(check({ windowSchoolDays: '20' })).toEqual(['windowSchoolDays:isInt']);
    expect(check({ windowSchoolDays: 5 })).toEqual([]);
  });

  it('wants tiers in (0, 1], from the highest rate down, with whole weights 0–100', () => {
    expect(
      check({
        attendanceTiers: [
          { below: 0.8, weight: 10 },
          { below: 0.9, weight: 20 },
        ],
      }),
    ).toEqual(['attendanceTiers.1.below:descending']);
    expect(
      check({
        attendanceTiers: [
          { below: 0.9, weight: 10 },
          { below: 0.9, weight: 20 },
        ],
      }),
    ).toEqual(['attendanceTiers.1.below:descending']);
    expect(
      check({
        attendanceTiers: [
          { below: 0, weight: 10 },
          { below: 1.2, weight: 101 },
        ],
      }),
    ).toEqual([
      'attendanceTiers.0.below:rate',
      'attendanceTiers.1.below:rate',
      'attendanceTiers.1.weight:max',
    ]);
    expect(check({ attendanceTiers: [{ below: 1, weight: -1, extra: 1 }] })).toEqual([
      'attendanceTiers.0.extra:whitelist',
      'attendanceTiers.0.weight:min',
    ]);
    expect(check({ attendanceTiers: [{ weight: 5 }, 'x'] })).toEqual([
      'attendanceTiers.0.below:isDefined',
      'attendanceTiers.1:isObject',
    ]);
    expect(
      check({ attendanceTiers: Array.from({ length: 6 }, (_, i) => ({ below: 1 - i / 10, weight: 5 })) }),
    ).toEqual(['attendanceTiers:arrayLength']);
  });

  it('keeps repeated unexcused absences within the window', () => {
    expect(check({ repeatedUnexcused: { atLeast: 21, weight: 20 } })).toEqual([
      'repeatedUnexcused.atLeast:max',
    ]);
    expect(check({ windowSchoolDays: 30, repeatedUnexcused: { atLeast: 21, weight: 20 } })).toEqual([]);
    expect(check({ repeatedUnexcused: { atLeast: 0, weight: 20 } })).toEqual([
      'repeatedUnexcused.atLeast:min',
    ]);
    expect(check({ repeatedUnexcused: 3 })).toEqual(['repeatedUnexcused:isObject']);
  });

  it('weights only known flags, and checks the other weights and the threshold', () => {
    expect(check({ flagWeights: { left_behind: 10, rich: 5, orphan: 1.5 } })).toEqual([
      'flagWeights.orphan:isInt',
      'flagWeights.rich:isIn',
    ]);
    expect(check({ previousCaseWeight: 101, watchFrom: 0, overAge: { years: 0, weight: 10 } })).toEqual([
      'overAge.years:min',
      'previousCaseWeight:max',
      'watchFrom:min',
    ]);
  });

  it('accepts any document built within the limits', () => {
    const weight = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 5 }),
        weight,
        weight,
        (window, belows, w1, w2) => {
          const rules: RiskRules = {
            ...DEFAULT_RISK_RULES,
            windowSchoolDays: window,
            attendanceTiers: belows.sort((a, b) => b - a).map((b) => ({ below: b / 100, weight: w1 })),
            repeatedUnexcused: { atLeast: Math.min(window, 1 + (w2 % 10)), weight: w2 },
            previousCaseWeight: w2,
          };
          expect(validateRiskRules(JSON.parse(JSON.stringify(rules)))).toEqual([]);
        },
      ),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
