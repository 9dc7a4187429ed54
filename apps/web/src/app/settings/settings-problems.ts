import type { ApiErrorDetail } from '@baoxue/contracts';
import type { CaseSettings, Label, SettingsProblem } from '@baoxue/domain';
import { apiErrorOf } from '../shared/api/api-error';

/** Problems keyed by setting (the first one of each wins). */
export type ProblemsByField = Readonly<Partial<Record<keyof CaseSettings | string, SettingsProblem>>>;

export function problemsByField(problems: readonly SettingsProblem[]): ProblemsByField {
  const byField: Record<string, SettingsProblem> = {};
  for (const problem of problems) if (!(problem.field in byField)) byField[problem.field] = problem;
  return byField;
}

/** The server's 400 details, keyed by field: it names them `<body property>.<field>`. */
export function serverProblems(error: unknown, property = 'settings'): ProblemsByField {
  const details: ApiErrorDetail[] = apiErrorOf(error)?.details ?? [];
  const prefix = `${property}.`;
  return problemsByField(
    details.map((d) => ({
      field: d.field.startsWith(prefix) ? d.field.slice(prefix.length) : d.field,
      rule: d.rule,
      message: d.message,
    })),
  );
}

/** The number a range rule names ("must be at least 3"). */
function boundOf(message: string): string {
  return /(-?\d+)\s*$/.exec(message)?.[1] ?? '';
}

/** Wording of a problem; rules without their own fall back to the server's message. */
export function problemText(problem: SettingsProblem): Label {
  const n = boundOf(problem.message);
  switch (problem.rule) {
    case 'isDefined':
      return { zh: '必填', en: 'Required' };
    case 'isInt':
      return problem.field === 'monitoringCheckInDays'
        ? { zh: '须为 1 至 365 的整数天数', en: 'Whole days from 1 to 365' }
        : { zh: '须为整数', en: 'Must be a whole number' };
    case 'min':
      return { zh: `不能小于 ${n}`, en: `Must be at least ${n}` };
    case 'max':
      return { zh: `不能大于 ${n}`, en: `Must be at most ${n}` };
    case 'greaterThan':
      return {
        zh: '须多于“逾期后上报上一级”的天数',
        en: 'Must be more than the days before escalating one level',
      };
    case 'arrayLength':
      return problem.field === 'monitoringCheckInDays'
        ? { zh: '须设置 1 至 12 次回访', en: 'Between 1 and 12 check-ins' }
        : { zh: '日期太多（最多 120 个）', en: 'Too many dates (at most 120)' };
    case 'ascending':
      return { zh: '须从小到大排列', en: 'Must be in ascending order' };
    case 'withinWindow':
      return { zh: '最后一次回访不能晚于巩固期', en: 'The last check-in must fall within the window' };
    case 'isIsoDate':
      return { zh: '日期格式须为 YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' };
    case 'unique':
      return { zh: '有重复的日期', en: 'A date is listed twice' };
    case 'weekend':
      return { zh: '调休上班日须为周六或周日', en: 'Make-up workdays are Saturdays or Sundays' };
    case 'clockTime':
      return { zh: '时间格式须为 HH:MM', en: 'A time written HH:MM' };
    default:
      return { zh: problem.message, en: problem.message };
  }
}

/** A date list with one more date, in order, without repeats. */
export function withDate(dates: readonly string[], date: string): string[] {
  return [...new Set([...dates, date])].sort();
}

/** The check-in days with one more, ascending, without repeats. */
export function withCheckInDay(days: readonly number[], day: number): number[] {
  return [...new Set([...days, day])].sort((a, b) => a - b);
}
