/**
 * Working days in China: weekends off, except the make-up working days (调休上班) a year's
 * holiday notice announces, and the public holidays themselves off. Both lists are settings,
 * because the State Council publishes them each December for the next year.
 */
export interface WorkCalendar {
  /** Days off that would otherwise be working days (YYYY-MM-DD). */
  holidays: readonly string[];
  /** Weekend days that are working days (YYYY-MM-DD). */
  makeUpWorkdays: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** China keeps one zone (UTC+8) and no daylight saving. */
export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.makeUpWorkdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `n`-th working day after `date` (`date` itself never counts). */
export function addWorkingDays(date: string, n: number, calendar: WorkCalendar): string {
  let day = date;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return day;
}

/** The instant of a local China time (`HH:MM`) on a date. */
export function chinaInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - CHINA_OFFSET_MS);
}

/** The China local time of an instant (`HH:MM`). */
export function chinaTimeOf(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/** A wall-clock time written `HH:MM` (24 h). */
export function isClockTime(value: unknown): value is string {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}
