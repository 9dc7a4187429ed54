import { CaseState } from '../cases/lifecycle';

/**
 * What leaders watch (DOMAIN.md §6), per region node or school. Region nodes count a case by
 * its `region_path` (the child's village: 乡村找 is accountable there); schools by the
 * case's `school_id`. "This term" is the semester (periods.ts) containing the as-of day, up to it.
 */
export const CASE_FIGURE_KEYS = [
  /** 劝返中: open dropout cases; the node is at dynamic zero (动态清零) when this is 0. */
  'open',
  /** 疑似 + 核查中: suspected and verifying, to be cleared. */
  'toClear',
  /** 监测中: returned or placed, being watched. */
  'monitoring',
  /** Moved to monitoring by a return to school, this term. */
  'returnedThisTerm',
  /** Moved to monitoring by a placement (送教上门, special school, …), this term. */
  'placedThisTerm',
  /** Excluded after verification, this term. */
  'excludedThisTerm',
  /** Closed, this term. */
  'closedThisTerm',
  /** Due items (reminders issue) of open cases past their due day and not done. */
  'overdueItems',
] as const;
export type CaseFigureKey = (typeof CASE_FIGURE_KEYS)[number];
export type CaseFigureCounts = Record<CaseFigureKey, number>;

/** The case states each "current" figure counts. */
export const FIGURE_STATES: Readonly<Partial<Record<CaseFigureKey, readonly CaseState[]>>> = {
  open: ['persuading'],
  toClear: ['suspected', 'verifying'],
  monitoring: ['monitoring'],
};

export function isAtZero(figures: Pick<CaseFigureCounts, 'open'>): boolean {
  return figures.open === 0;
}

/** Grades 1–6 are primary (小学), 7–9 junior secondary (初中). */
export type Stage = 'primary' | 'junior_secondary';
export function stageOfGrade(grade: number): Stage {
  return grade <= 6 ? 'primary' : 'junior_secondary';
}

/** 辍学率 in per cent with two decimals; null when nobody was enrolled. */
export function dropoutRate(dropouts: number, enrolledAtStart: number): number | null {
  if (enrolledAtStart <= 0) return null;
  return Math.round((dropouts / enrolledAtStart) * 10_000) / 100;
}

export interface DropoutRateInput {
  /** Cases first confirmed as dropouts (核查 → 劝返) during the school year. */
  dropouts: number;
  /** Students enrolled now (at a school, not merged away). */
  enrolledNow: number;
}

/**
 * 辍学率 for a school year (DOMAIN.md §6): dropouts during the year ÷ enrolled at its start.
 * The roll at the start is not kept, so it is estimated as those enrolled now plus the year's
 * dropouts (a child who drops out usually leaves the roll). The estimate ignores transfers in
 * and out during the year; with dropouts a small fraction of the roll the error is small.
 */
export function dropoutRateOfYear(input: DropoutRateInput): {
  dropouts: number;
  enrolledAtStart: number;
  rate: number | null;
} {
  const enrolledAtStart = input.enrolledNow + input.dropouts;
  return { dropouts: input.dropouts, enrolledAtStart, rate: dropoutRate(input.dropouts, enrolledAtStart) };
}
