import { SPECIAL_STATUS_FLAG_LABELS, SPECIAL_STATUS_FLAGS, SpecialStatusFlag } from '../special-status';
import { DayMark, isAbsent } from './marks';

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

/** The kinds of reason, in the order equal weights are listed. */
export const RISK_REASON_CODES = [
  'attendance_rate',
  'repeated_unexcused',
  'flag',
  'previous_case',
  'over_age',
] as const;
export type RiskReasonCode = (typeof RISK_REASON_CODES)[number];

/** One part of a score, with its plain-language reason, e.g. 近20个教学日缺勤6天. */
export interface RiskReason {
  code: RiskReasonCode;
  weight: number;
  zh: string;
  en: string;
}

export interface RiskAssessment {
  /** The weights of the reasons added up, at most MAX_RISK_SCORE. */
  score: number;
  /** At or above the rules' `watchFrom`: on the watch list. */
  watch: boolean;
  /** Highest weight first. */
  reasons: RiskReason[];
  /** The reasons joined in Chinese: 近20个教学日缺勤6天；留守儿童；曾有辍学记录 */
  summaryZh: string;
}

/** Scores are 0–100 however many reasons add up, so a county reads them on one scale. */
export const MAX_RISK_SCORE = 100;

/** Age on 1 September at which a child usually starts grade 1 (入学年龄). */
export const GRADE_ONE_AGE = 6;

/**
 * Whole years of age on 1 September of the school year `asOf` falls in (a school year runs
 * from September to the next summer). Dates are YYYY-MM-DD.
 */
export function ageAtSchoolYearStart(birthDate: string, asOf: string): number {
  const asOfYear = Number(asOf.slice(0, 4));
  const startYear = Number(asOf.slice(5, 7)) >= 9 ? asOfYear : asOfYear - 1;
  const [birthYear, birthMonth, birthDay] = birthDate.split('-').map(Number);
  const hadBirthday = birthMonth < 9 || (birthMonth === 9 && birthDay === 1);
  return startYear - birthYear - (hadBirthday ? 0 : 1);
}

/** Years older than the usual age for the grade (0 when not older). */
export function yearsOverAge(ageAtSchoolYearStart: number, grade: number): number {
  return Math.max(0, ageAtSchoolYearStart - (GRADE_ONE_AGE + grade - 1));
}

/**
 * The score of one child under a county's rules, with every reason it is made of: the one
 * place a risk score is computed. Pure: the same facts and rules give the same assessment.
 * Days after `asOf` (YYYY-MM-DD), when given, are not looked at. A reason of weight 0 is
 * left out (the county turned it off).
 */
export function assessRisk(facts: RiskFacts, rules: RiskRules, asOf?: string): RiskAssessment {
  const reasons: RiskReason[] = [];
  const add = (code: RiskReasonCode, weight: number, zh: string, en: string) => {
    if (weight > 0) reasons.push({ code, weight, zh, en });
  };

  const window = lastRecordedDays(facts.days, rules.windowSchoolDays, asOf);
  if (window.length > 0) {
    const n = window.length;
    const absent = window.filter((d) => isAbsent(d.mark)).length;
    const rate = (n - absent) / n;
    // The lowest tier the rate is below: tiers do not add up.
    const tier = rules.attendanceTiers
      .filter((t) => rate < t.below)
      .reduce<{ below: number; weight: number } | null>(
        (low, t) => (low && low.below <= t.below ? low : t),
        null,
      );
    if (tier)
      add(
        'attendance_rate',
        tier.weight,
        `近${n}个教学日缺勤${absent}天`,
        `Absent ${absent} of the last ${n} school days`,
      );
    const unexcused = window.filter((d) => d.mark === 'unexcused').length;
    if (unexcused >= rules.repeatedUnexcused.atLeast)
      add(
        'repeated_unexcused',
        rules.repeatedUnexcused.weight,
        `近${n}个教学日无故缺勤${unexcused}次`,
        `${unexcused} unexcused absences in the last ${n} school days`,
      );
  }

  const flags = new Set(facts.flags);
  for (const flag of SPECIAL_STATUS_FLAGS)
    if (flags.has(flag))
      add(
        'flag',
        rules.flagWeights[flag] ?? 0,
        SPECIAL_STATUS_FLAG_LABELS[flag].zh,
        SPECIAL_STATUS_FLAG_LABELS[flag].en,
      );

  if (facts.hadCase)
    add('previous_case', rules.previousCaseWeight, '曾有辍学记录', 'Had a dropout case before');

  if (facts.ageAtSchoolYearStart !== null && facts.grade !== null) {
    const over = yearsOverAge(facts.ageAtSchoolYearStart, facts.grade);
    if (over >= rules.overAge.years)
      add('over_age', rules.overAge.weight, `超龄${over}岁`, `${over} years older than usual for the grade`);
  }

  // Highest weight first; equal weights keep the rules' order, so the summary is stable.
  reasons.sort(
    (a, b) => b.weight - a.weight || RISK_REASON_CODES.indexOf(a.code) - RISK_REASON_CODES.indexOf(b.code),
  );
  const score = Math.min(
    MAX_RISK_SCORE,
    reasons.reduce((sum, r) => sum + r.weight, 0),
  );
  return {
    score,
    watch: score >= rules.watchFrom,
    reasons,
    summaryZh: reasons.map((r) => r.zh).join('；'),
  };
}

/** The last `count` recorded days up to `asOf`, oldest first. */
function lastRecordedDays(days: readonly DayMark[], count: number, asOf?: string): DayMark[] {
  const upTo = asOf === undefined ? [...days] : days.filter((d) => d.date <= asOf);
  upTo.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return upTo.slice(Math.max(0, upTo.length - count));
}
