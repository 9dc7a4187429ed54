import { SpecialStatusFlag } from '../special-status';
import { DayMark } from './marks';

/**
 * The weighted dropout-risk score (辍学风险预警) of one child, from rules a county sets.
 * Every number is data here, so a county changes them without a code change.
 */
export interface RiskRules {
  /** The last N recorded school days the attendance rate and absence count look at. */
  windowSchoolDays: number;
  /**
   * Attendance-rate tiers over the window, e.g. below 0.90 → 10, 0.85 → 20, 0.80 → 30: the
   * child scores the weight of the lowest tier their rate is below (tiers do not add up).
   */
  attendanceTiers: readonly { below: number; weight: number }[];
  /** Unexcused absences within the window at least this many times → the weight. */
  repeatedUnexcused: { atLeast: number; weight: number };
  /** A special-status flag in force on the day (留守、事实无人抚养、残疾、防止返贫监测 …) → its weight. */
  flagWeights: Readonly<Partial<Record<SpecialStatusFlag, number>>>;
  /** The child had a dropout case before (closed or open) → the weight. */
  previousCaseWeight: number;
  /** Older than the usual age for the grade by at least this many years → the weight. */
  overAge: { years: number; weight: number };
  /** A score at or above this puts the child on the watch list (重点关注名单). */
  watchFrom: number;
}

export const DEFAULT_RISK_RULES: Readonly<RiskRules> = {
  windowSchoolDays: 20,
  attendanceTiers: [
    { below: 0.9, weight: 10 },
    { below: 0.85, weight: 20 },
    { below: 0.8, weight: 30 },
  ],
  repeatedUnexcused: { atLeast: 3, weight: 20 },
  flagWeights: {
    left_behind: 10,
    unsupported: 15,
    disabled: 10,
    poverty_monitoring: 10,
    orphan: 15,
    in_difficulty: 10,
    low_income: 5,
    extreme_poverty: 10,
  },
  previousCaseWeight: 20,
  overAge: { years: 2, weight: 10 },
  watchFrom: 20,
};

/** What the score is computed from, all of it read from raw records. */
export interface RiskFacts {
  /** The child's recorded school days (any order; the rules take the last `windowSchoolDays`). */
  days: readonly DayMark[];
  /** Special-status flags in force on the day of assessment. */
  flags: readonly SpecialStatusFlag[];
  /** Any earlier or current dropout case. */
  hadCase: boolean;
  /** Age in whole years on 1 September of the current school year; null when unknown. */
  ageAtSchoolYearStart: number | null;
  /** 1–9; null when not enrolled in a grade. */
  grade: number | null;
}

export type RiskReasonCode = 'attendance_rate' | 'repeated_unexcused' | 'flag' | 'previous_case' | 'over_age';

/** One part of a score, with its plain-language reason, e.g. 近20个教学日缺勤6天. */
export interface RiskReason {
  code: RiskReasonCode;
  weight: number;
  zh: string;
  en: string;
}

export interface RiskAssessment {
  score: number;
  /** Highest weight first. */
  reasons: RiskReason[];
  /** The reasons joined in Chinese: 近20个教学日缺勤6天；留守儿童；曾有辍学记录 */
  summaryZh: string;
}
