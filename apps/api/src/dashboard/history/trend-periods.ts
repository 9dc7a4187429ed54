import { TrendGranularity } from '@baoxue/contracts';
import { periodOf } from '@baoxue/domain';

/** One point of a trend: an ISO week (`2026-W48`, Monday to Sunday) or a month (`2026-11`). */
export interface TrendPeriod {
  id: string;
  from: string;
  to: string;
}

/** The most points one trend answers (two years of weeks). */
export const MAX_TREND_POINTS = 104;
/** Points when `from` is not given: a year of months, half a year of weeks. */
export const DEFAULT_TREND_POINTS: Record<TrendGranularity, number> = { month: 12, week: 26 };

const DAY_MS = 24 * 3600 * 1000;
const pad = (n: number): string => String(n).padStart(2, '0');

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week (weeks start on Monday; week 1 holds the year's first Thursday) containing `day`. */
export function isoWeekOf(day: string): TrendPeriod {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(day, -weekday);
  const thursday = new Date(Date.parse(`${monday}T00:00:00Z`) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { id: `${year}-W${pad(week)}`, from: monday, to: addDays(monday, 6) };
}

export function trendPeriodOf(granularity: TrendGranularity, day: string): TrendPeriod {
  if (granularity === 'week') return isoWeekOf(day);
  const { id, from, to } = periodOf('month', day);
  return { id, from, to };
}

/** The periods from the one containing `from` to the one containing `to`, at most `limit + 1`. */
export function trendPeriods(
  granularity: TrendGranularity,
  from: string,
  to: string,
  limit = MAX_TREND_POINTS,
): TrendPeriod[] {
  const periods: TrendPeriod[] = [];
  let period = trendPeriodOf(granularity, from);
  while (period.from <= to && periods.length <= limit) {
    periods.push(period);
    period = trendPeriodOf(granularity, addDays(period.to, 1));
  }
  return periods;
}

/** The first day of the period `count - 1` periods before the one containing `day`. */
export function defaultTrendFrom(granularity: TrendGranularity, day: string): string {
  if (granularity === 'week') return addDays(isoWeekOf(day).from, -7 * (DEFAULT_TREND_POINTS.week - 1));
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - (DEFAULT_TREND_POINTS.month - 1);
  const shifted = new Date(Date.UTC(year, month - 1, 1));
  return shifted.toISOString().slice(0, 10);
}
