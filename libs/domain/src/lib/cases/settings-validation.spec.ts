import { caseSettings, CaseSettings, DEFAULT_CASE_SETTINGS } from './settings';
import { SettingsProblem, validateCaseSettings } from './settings-validation';

const valid = (): Record<string, unknown> => ({ ...caseSettings() });
const rules = (problems: SettingsProblem[]) => problems.map((p) => `${p.field}:${p.rule}`).sort();
const check = (overrides: Partial<Record<keyof CaseSettings | string, unknown>>) =>
  rules(validateCaseSettings({ ...valid(), ...overrides }));

describe('validateCaseSettings', () => {
  it('accepts the defaults and a realistic county document', () => {
    expect(validateCaseSettings(valid())).toEqual([]);
    expect(
      validateCaseSettings({
        ...valid(),
        verificationWorkingDays: 5,
        monitoringCheckInDays: [14, 45, 120],
        monitoringWindowDays: 180,
        escalateToNextLevelDays: 3,
        escalateToBureauLeaderDays: 10,
        schoolMonthlyReportDay: 31,
        holidays: [
          '2026-10-01',
          '2026-10-02',
          '2026-10-03',
          '2026-10-04',
          '2026-10-05',
          '2026-10-06',
          '2026-10-07',
        ],
        makeUpWorkdays: ['2026-09-20', '2026-10-10'],
        reminderTime: '09:00',
        digestTime: '00:00',
        smsReminders: true,
      }),
    ).toEqual([]);
  });

  it('refuses anything but an object', () => {
    for (const value of [null, undefined, 'settings', 3, [], [valid()]])
      expect(validateCaseSettings(value)).toEqual([
        { field: 'settings', rule: 'isObject', message: 'settings must be an object' },
      ]);
  });

  it('names unknown settings and missing ones, inherited names included', () => {
    const { digestTime: _d, holidays: _h, ...rest } = valid();
    expect(rules(validateCaseSettings({ ...rest, colour: 'red' }))).toEqual([
      'colour:whitelist',
      'digestTime:isDefined',
      'holidays:isDefined',
    ]);
    // Names every object inherits are not settings either.
    expect(check({ constructor: 1, toString: 'x', hasOwnProperty: true })).toEqual([
      'constructor:whitelist',
      'hasOwnProperty:whitelist',
      'toString:whitelist',
    ]);
    expect(rules(validateCaseSettings({}))).toEqual(
      Object.keys(DEFAULT_CASE_SETTINGS)
        .map((key) => `${key}:isDefined`)
        .sort(),
    );
  });

  it.each([
    ['absenceSchoolDays', 1, 30],
    ['verificationWorkingDays', 1, 30],
    ['followUpDays', 1, 60],
    ['writtenOrderDeadlineDays', 1, 60],
    ['monitoringWindowDays', 7, 365],
    ['escalateToNextLevelDays', 1, 30],
    ['escalateToBureauLeaderDays', 1, 90],
    ['schoolMonthlyReportDay', 1, 31],
  ] as const)('keeps %s a whole number from %i to %i', (field, min, max) => {
    // Neighbouring rules (the window holds the check-ins, the leader comes after the next level) kept apart.
    const base = { monitoringCheckInDays: [7], escalateToNextLevelDays: 1, escalateToBureauLeaderDays: 90 };
    const only = (value: unknown) =>
      check({ ...base, [field]: value }).filter((r) => r.startsWith(`${field}:`));
    // The leader's least is one day after the next level's least.
    expect(only(min)).toEqual(field === 'escalateToBureauLeaderDays' ? [`${field}:greaterThan`] : []);
    expect(field === 'escalateToNextLevelDays' ? [] : only(max)).toEqual([]);
    expect(only(min - 1)).toEqual([`${field}:min`]);
    expect(only(max + 1)).toEqual([`${field}:max`]);
    expect(only(min + 0.5)).toEqual([`${field}:isInt`]);
    expect(only(String(min))).toEqual([`${field}:isInt`]);
    expect(only(null)).toEqual([`${field}:isInt`]);
  });

  it('escalates to the bureau leader only after the next level', () => {
    expect(check({ escalateToNextLevelDays: 7, escalateToBureauLeaderDays: 7 })).toEqual([
      'escalateToBureauLeaderDays:greaterThan',
    ]);
    expect(check({ escalateToNextLevelDays: 7, escalateToBureauLeaderDays: 8 })).toEqual([]);
    // Out of range already: that alone is reported.
    expect(check({ escalateToNextLevelDays: 31, escalateToBureauLeaderDays: 20 })).toEqual([
      'escalateToNextLevelDays:max',
    ]);
    expect(check({ escalateToNextLevelDays: 2, escalateToBureauLeaderDays: 0 })).toEqual([
      'escalateToBureauLeaderDays:min',
    ]);
  });

  it('keeps the check-ins 1 to 12 ascending whole days within the monitoring window', () => {
    expect(check({ monitoringCheckInDays: [] })).toEqual(['monitoringCheckInDays:arrayLength']);
    expect(check({ monitoringCheckInDays: Array.from({ length: 13 }, (_, i) => i + 1) })).toEqual([
      'monitoringCheckInDays:arrayLength',
    ]);
    expect(check({ monitoringCheckInDays: '7,30' })).toEqual(['monitoringCheckInDays:arrayLength']);
    expect(check({ monitoringCheckInDays: [7, 30.5] })).toEqual(['monitoringCheckInDays:isInt']);
    expect(check({ monitoringCheckInDays: [0, 30] })).toEqual(['monitoringCheckInDays:isInt']);
    expect(check({ monitoringCheckInDays: [7, 366] })).toEqual(['monitoringCheckInDays:isInt']);
    expect(check({ monitoringCheckInDays: [30, 7] })).toEqual(['monitoringCheckInDays:ascending']);
    expect(check({ monitoringCheckInDays: [7, 7] })).toEqual(['monitoringCheckInDays:ascending']);
    expect(check({ monitoringCheckInDays: [7, 30, 60, 120] })).toEqual([
      'monitoringCheckInDays:withinWindow',
    ]);
    expect(check({ monitoringCheckInDays: [7, 30, 60, 120], monitoringWindowDays: 120 })).toEqual([]);
  });

  it('keeps the holiday and make-up lists to distinct real dates, make-up days on weekends', () => {
    for (const field of ['holidays', 'makeUpWorkdays']) {
      expect(check({ [field]: '2026-10-01' })).toEqual([`${field}:arrayLength`]);
      expect(check({ [field]: Array.from({ length: 121 }, () => '2026-10-10') })).toEqual([
        `${field}:arrayLength`,
      ]);
      expect(check({ [field]: ['2026-02-30'] })).toEqual([`${field}:isIsoDate`]);
      expect(check({ [field]: ['2026/10/10'] })).toEqual([`${field}:isIsoDate`]);
      expect(check({ [field]: ['2026-10-10', '2026-10-10'] })).toEqual([`${field}:unique`]);
    }
    // 2026-10-09 is a Friday, 2026-10-10 a Saturday, 2026-09-20 a Sunday.
    expect(check({ makeUpWorkdays: ['2026-10-09'] })).toEqual(['makeUpWorkdays:weekend']);
    expect(check({ makeUpWorkdays: ['2026-09-20', '2026-10-10'] })).toEqual([]);
    expect(check({ holidays: ['2026-10-09'] })).toEqual([]);
  });

  it('takes times as HH:MM and the SMS switch as a boolean', () => {
    expect(check({ reminderTime: '8:00', digestTime: '24:00' })).toEqual([
      'digestTime:clockTime',
      'reminderTime:clockTime',
    ]);
    expect(check({ smsReminders: 'yes' })).toEqual(['smsReminders:isBoolean']);
  });

  it('reports every problem at once, each with a message naming its field', () => {
    const problems = validateCaseSettings({
      ...valid(),
      followUpDays: 0,
      monitoringCheckInDays: [30, 7],
      holidays: ['tomorrow'],
      reminderTime: 'noon',
      smsReminders: 1,
      extra: true,
    });
    expect(rules(problems)).toEqual([
      'extra:whitelist',
      'followUpDays:min',
      'holidays:isIsoDate',
      'monitoringCheckInDays:ascending',
      'reminderTime:clockTime',
      'smsReminders:isBoolean',
    ]);
    for (const problem of problems) expect(problem.message).toContain(problem.field);
  });
});
