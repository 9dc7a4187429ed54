import { Label, RiskRules, SPECIAL_STATUS_FLAG_LABELS, SPECIAL_STATUS_FLAGS } from '@baoxue/domain';
import { EARLY_WARNING_TEXTS as T } from './early-warning-texts';

/** One number box of a row: where it sits in the rules, and the unit after it. */
export interface RiskInput {
  /** The rules path, also the key of its problems: `watchFrom`, `overAge.years`. */
  path: string;
  unit: Label;
  /** For a box after the first, which the row's label does not name. */
  ariaLabel?: Label;
}

/** A labelled row of number boxes; `key` names its test id (`risk-<key>`). */
export interface RiskRow {
  key: string;
  label: Label;
  inputs: readonly RiskInput[];
}

/** A fieldset; `'tiers'` stands for the attendance-rate tiers, a list of their own. */
export interface RiskGroup {
  title: Label;
  hint?: Label;
  /** Laid out side by side (many short rows). */
  grid?: boolean;
  rows: readonly (RiskRow | 'tiers')[];
}

/** A tier's two boxes: the rate it applies below, as a percentage, then its points. */
export interface TierBox {
  key: 'below' | 'weight';
  inputMode: 'decimal' | 'numeric';
  ariaLabel: Label;
  unit: Label;
}

export const TIER_BOXES: readonly TierBox[] = [
  { key: 'below', inputMode: 'decimal', ariaLabel: T.tierBelow, unit: T.percentThenScores },
  { key: 'weight', inputMode: 'numeric', ariaLabel: T.score, unit: T.score },
];

const score = (path: string, ariaLabel?: Label): RiskInput => ({ path, unit: T.score, ariaLabel });

export const RISK_GROUPS: readonly RiskGroup[] = [
  {
    title: T.groupAttendance,
    rows: [
      {
        key: 'windowSchoolDays',
        label: T.window,
        inputs: [{ path: 'windowSchoolDays', unit: T.windowUnit }],
      },
      'tiers',
      {
        key: 'repeated',
        label: T.repeated,
        inputs: [
          { path: 'repeatedUnexcused.atLeast', unit: T.timesThenScores },
          score('repeatedUnexcused.weight', T.score),
        ],
      },
    ],
  },
  {
    title: T.groupFlags,
    hint: T.flagsHint,
    grid: true,
    rows: SPECIAL_STATUS_FLAGS.map((flag) => ({
      key: `flag-${flag}`,
      label: SPECIAL_STATUS_FLAG_LABELS[flag],
      inputs: [score(`flagWeights.${flag}`)],
    })),
  },
  {
    title: T.groupOther,
    rows: [
      { key: 'previousCaseWeight', label: T.previousCase, inputs: [score('previousCaseWeight')] },
      {
        key: 'overAge',
        label: T.overAge,
        inputs: [{ path: 'overAge.years', unit: T.yearsThenScores }, score('overAge.weight', T.score)],
      },
    ],
  },
  {
    title: T.groupWatch,
    rows: [{ key: 'watchFrom', label: T.watchFrom, inputs: [{ path: 'watchFrom', unit: T.watchFromUnit }] }],
  },
];

/** The number at a rules path (see {@link RiskInput.path}). */
export function numberAt(rules: RiskRules, path: string): number | null | undefined {
  const [head, key] = path.split('.');
  const value = (rules as unknown as Record<string, unknown>)[head];
  return (key ? (value as Record<string, number | null>)[key] : value) as number | null | undefined;
}

/**
 * The rules with the number at a path replaced. A cleared box stays null rather than a number,
 * so the rules then name the field.
 */
export function withNumberAt(rules: RiskRules, path: string, value: number | null): RiskRules {
  const [head, key] = path.split('.');
  const parent = (rules as unknown as Record<string, Record<string, unknown>>)[head];
  return { ...rules, [head]: key ? { ...parent, [key]: value } : value } as RiskRules;
}
