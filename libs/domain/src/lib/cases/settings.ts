/**
 * Due dates and windows of DOMAIN.md §5. National rules are silent on most of these,
 * so they are defaults a deployment overrides, never constants in the rules.
 */
export interface CaseSettings {
  /** Consecutive unexcused school days before a school reports a suspected case. */
  absenceSchoolDays: number;
  /** Working days to verify a reported case. */
  verificationWorkingDays: number;
  /** Days to the next follow-up while persuading, when the last intervention set none. */
  followUpDays: number;
  /** Days the guardian has after a written order is served. */
  writtenOrderDeadlineDays: number;
  /** Check-ins after return or placement, in days. */
  monitoringCheckInDays: readonly number[];
  /** Days of monitoring before a case may be closed. */
  monitoringWindowDays: number;
  /** Days overdue before an item escalates to the next level up the same line. */
  escalateToNextLevelDays: number;
  /** Days overdue before an item escalates to the bureau leader. */
  escalateToBureauLeaderDays: number;
  /** Day of the month by which schools report. */
  schoolMonthlyReportDay: number;
  /** Public holidays (YYYY-MM-DD) that working-day counts skip. */
  holidays: readonly string[];
  /** Weekend days worked instead (调休上班), which working-day counts include. */
  makeUpWorkdays: readonly string[];
  /** Local time (Asia/Shanghai, HH:MM) at which a due day's reminders and escalations go out. */
  reminderTime: string;
  /** Local time (Asia/Shanghai, HH:MM) of each user's daily digest. */
  digestTime: string;
  /** Also send reminders by SMS to responsible persons with a phone number. */
  smsReminders: boolean;
}

export const DEFAULT_CASE_SETTINGS: Readonly<CaseSettings> = {
  absenceSchoolDays: 3,
  verificationWorkingDays: 3,
  followUpDays: 7,
  writtenOrderDeadlineDays: 7,
  monitoringCheckInDays: [7, 30, 60, 90],
  monitoringWindowDays: 90,
  escalateToNextLevelDays: 2,
  escalateToBureauLeaderDays: 7,
  schoolMonthlyReportDay: 28,
  holidays: [],
  makeUpWorkdays: [],
  reminderTime: '08:00',
  digestTime: '07:30',
  smsReminders: false,
};

export function caseSettings(overrides: Partial<CaseSettings> = {}): CaseSettings {
  return { ...DEFAULT_CASE_SETTINGS, ...overrides };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date (YYYY-MM-DD) in China (UTC+8, no daylight saving), whatever the server zone. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
