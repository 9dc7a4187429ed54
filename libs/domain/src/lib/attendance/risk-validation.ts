import { SettingsProblem } from '../cases/settings-validation';
import { SPECIAL_STATUS_FLAGS } from '../special-status';
import { DEFAULT_RISK_RULES, MAX_RISK_SCORE } from './risk';

export const RISK_WINDOW_DAYS = { min: 5, max: 120 } as const;
export const MAX_ATTENDANCE_TIERS = 5;
export const MAX_OVER_AGE_YEARS = 6;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a whole rules document (as the settings page saves it) and returns every problem at
 * once, each named by its path (`attendanceTiers.1.below`, `flagWeights.left_behind`); an
 * empty list means `value` is a valid RiskRules.
 */
export function validateRiskRules(value: unknown): SettingsProblem[] {
  if (!isObject(value)) return [{ field: 'rules', rule: 'isObject', message: 'rules must be an object' }];
  const problems: SettingsProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });

  // Own keys only: `in` would take inherited names (constructor, toString) for rules.
  for (const key of Object.keys(value))
    if (!Object.hasOwn(DEFAULT_RISK_RULES, key)) add(key, 'whitelist', `${key} is not a rule`);
  for (const key of Object.keys(DEFAULT_RISK_RULES))
    if (!Object.hasOwn(value, key)) add(key, 'isDefined', `${key} is required`);

  /** A whole number in [min, max]; true when it is one. */
  const integer = (field: string, v: unknown, min: number, max: number): boolean => {
    if (v === undefined) return false;
    if (typeof v !== 'number' || !Number.isInteger(v)) add(field, 'isInt', `${field} must be a whole number`);
    else if (v < min) add(field, 'min', `${field} must be at least ${min}`);
    else if (v > max) add(field, 'max', `${field} must be at most ${max}`);
    else return true;
    return false;
  };
  const weight = (field: string, v: unknown) => integer(field, v, 0, MAX_RISK_SCORE);
  /** An object with exactly these keys; true when it is one. */
  const shape = (field: string, v: unknown, keys: readonly string[]): v is Json => {
    if (v === undefined) return false;
    if (!isObject(v)) {
      add(field, 'isObject', `${field} must be an object`);
      return false;
    }
    for (const key of Object.keys(v))
      if (!keys.includes(key)) add(`${field}.${key}`, 'whitelist', `${field}.${key} is not a rule`);
    for (const key of keys)
      if (!Object.hasOwn(v, key)) add(`${field}.${key}`, 'isDefined', `${field}.${key} is required`);
    return true;
  };

  const windowOk = integer(
    'windowSchoolDays',
    value['windowSchoolDays'],
    RISK_WINDOW_DAYS.min,
    RISK_WINDOW_DAYS.max,
  );

  const tiers = value['attendanceTiers'];
  if (tiers !== undefined) {
    if (!Array.isArray(tiers) || tiers.length > MAX_ATTENDANCE_TIERS)
      add(
        'attendanceTiers',
        'arrayLength',
        `attendanceTiers must list at most ${MAX_ATTENDANCE_TIERS} tiers`,
      );
    else {
      const belows: (number | null)[] = tiers.map((tier, i) => {
        const field = `attendanceTiers.${i}`;
        if (!shape(field, tier, ['below', 'weight'])) return null;
        weight(`${field}.weight`, tier['weight']);
        const below = tier['below'];
        if (below === undefined) return null;
        if (typeof below !== 'number' || !Number.isFinite(below) || below <= 0 || below > 1) {
          add(`${field}.below`, 'rate', `${field}.below must be a rate above 0 and at most 1`);
          return null;
        }
        return below;
      });
      // Compared only when every rate is otherwise valid, so a field gets one problem at a time.
      if (belows.every((b) => b !== null))
        belows.forEach((b, i) => {
          if (i > 0 && b >= (belows[i - 1] as number))
            add(
              `attendanceTiers.${i}.below`,
              'descending',
              'attendanceTiers must go from the highest rate down',
            );
        });
    }
  }

  const repeated = value['repeatedUnexcused'];
  if (shape('repeatedUnexcused', repeated, ['atLeast', 'weight'])) {
    const window = windowOk ? (value['windowSchoolDays'] as number) : RISK_WINDOW_DAYS.max;
    integer('repeatedUnexcused.atLeast', repeated['atLeast'], 1, window);
    weight('repeatedUnexcused.weight', repeated['weight']);
  }

  const flags = value['flagWeights'];
  if (flags !== undefined) {
    if (!isObject(flags)) add('flagWeights', 'isObject', 'flagWeights must be an object');
    else
      for (const [flag, w] of Object.entries(flags)) {
        if (!(SPECIAL_STATUS_FLAGS as readonly string[]).includes(flag))
          add(`flagWeights.${flag}`, 'isIn', `flagWeights.${flag} is not a special-status flag`);
        else weight(`flagWeights.${flag}`, w);
      }
  }

  weight('previousCaseWeight', value['previousCaseWeight']);

  const overAge = value['overAge'];
  if (shape('overAge', overAge, ['years', 'weight'])) {
    integer('overAge.years', overAge['years'], 1, MAX_OVER_AGE_YEARS);
    weight('overAge.weight', overAge['weight']);
  }

  integer('watchFrom', value['watchFrom'], 1, MAX_RISK_SCORE);
  return problems;
}
