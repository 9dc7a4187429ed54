import { isClockTime } from '../reminders/calendar';
import { CaseSettings, DEFAULT_CASE_SETTINGS, isIsoDate } from './settings';

/** One broken rule of a settings document, named like the API's error details. */
export interface SettingsProblem {
  field: string;
  rule: string;
  message: string;
}

type IntegerRange = { min: number; max: number };

const INTEGER_RANGES: Partial<Record<keyof CaseSettings, IntegerRange>> = {
  absenceSchoolDays: { min: 1, max: 30 },
  verificationWorkingDays: { min: 1, max: 30 },
  followUpDays: { min: 1, max: 60 },
  writtenOrderDeadlineDays: { min: 1, max: 60 },
  monitoringWindowDays: { min: 7, max: 365 },
  escalateToNextLevelDays: { min: 1, max: 30 },
  escalateToBureauLeaderDays: { min: 1, max: 90 },
  schoolMonthlyReportDay: { min: 1, max: 31 },
};

const MAX_DATES = 120;

/**
 * Checks a whole settings document (as the settings page saves it) and returns every
 * problem at once; an empty list means `value` is a valid CaseSettings.
 */
export function validateCaseSettings(value: unknown): SettingsProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ field: 'settings', rule: 'isObject', message: 'settings must be an object' }];
  const input = value as Record<string, unknown>;
  const problems: SettingsProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });

  // Own keys only: `in` would take inherited names (constructor, toString) for settings.
  for (const key of Object.keys(input))
    if (!Object.hasOwn(DEFAULT_CASE_SETTINGS, key)) add(key, 'whitelist', `${key} is not a setting`);
  for (const key of Object.keys(DEFAULT_CASE_SETTINGS))
    if (!Object.hasOwn(input, key)) add(key, 'isDefined', `${key} is required`);

  for (const [field, range] of Object.entries(INTEGER_RANGES) as [string, IntegerRange][]) {
    const v = input[field];
    if (v === undefined) continue;
    if (!Number.isInteger(v)) add(field, 'isInt', `${field} must be a whole number`);
    else if ((v as number) < range.min) add(field, 'min', `${field} must be at least ${range.min}`);
    else if ((v as number) > range.max) add(field, 'max', `${field} must be at most ${range.max}`);
  }
  const leader = input['escalateToBureauLeaderDays'];
  const next = input['escalateToNextLevelDays'];
  // Compared only when both are otherwise valid, so a field gets one problem at a time.
  const ranged = (field: string) => !problems.some((p) => p.field === field);
  if (
    ranged('escalateToBureauLeaderDays') &&
    ranged('escalateToNextLevelDays') &&
    Number.isInteger(leader) &&
    Number.isInteger(next) &&
    (leader as number) <= (next as number)
  )
    add(
      'escalateToBureauLeaderDays',
      'greaterThan',
      'escalateToBureauLeaderDays must be more than escalateToNextLevelDays',
    );

  const checkIns = input['monitoringCheckInDays'];
  if (checkIns !== undefined) {
    if (!Array.isArray(checkIns) || checkIns.length === 0 || checkIns.length > 12)
      add('monitoringCheckInDays', 'arrayLength', 'monitoringCheckInDays must list 1 to 12 days');
    else if (!checkIns.every((d) => Number.isInteger(d) && d >= 1 && d <= 365))
      add('monitoringCheckInDays', 'isInt', 'monitoringCheckInDays must be whole days from 1 to 365');
    else if (!checkIns.every((d, i) => i === 0 || d > checkIns[i - 1]))
      add('monitoringCheckInDays', 'ascending', 'monitoringCheckInDays must be in ascending order');
    else if (
      Number.isInteger(input['monitoringWindowDays']) &&
      checkIns[checkIns.length - 1] > (input['monitoringWindowDays'] as number)
    )
      add(
        'monitoringCheckInDays',
        'withinWindow',
        'monitoringCheckInDays must fall within monitoringWindowDays',
      );
  }

  for (const field of ['holidays', 'makeUpWorkdays'] as const) {
    const dates = input[field];
    if (dates === undefined) continue;
    if (!Array.isArray(dates) || dates.length > MAX_DATES)
      add(field, 'arrayLength', `${field} must be a list of at most ${MAX_DATES} dates`);
    else if (!dates.every(isIsoDate)) add(field, 'isIsoDate', `${field} must hold dates written YYYY-MM-DD`);
    else if (new Set(dates).size !== dates.length) add(field, 'unique', `${field} lists a date twice`);
    else if (
      field === 'makeUpWorkdays' &&
      !dates.every((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
    )
      add(field, 'weekend', 'makeUpWorkdays must be Saturdays or Sundays');
  }
  for (const field of ['reminderTime', 'digestTime'] as const)
    if (input[field] !== undefined && !isClockTime(input[field]))
      add(field, 'clockTime', `${field} must be a time written HH:MM`);
  if (input['smsReminders'] !== undefined && typeof input['smsReminders'] !== 'boolean')
    add('smsReminders', 'isBoolean', 'smsReminders must be true or false');
  return problems;
}
