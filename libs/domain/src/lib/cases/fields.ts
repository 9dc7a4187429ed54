import { isIsoDate } from './settings';

/** One required input of a transition, as data the API validates and the web renders. */
export type FieldRule = {
  field: string;
  /** Required only when another field holds one of these values. */
  when?: { field: string; in: readonly string[] };
} & (
  | { kind: 'text' }
  | { kind: 'code'; codes: readonly string[] }
  /** notFuture: the date cannot be after today (China time). */
  | { kind: 'date'; notFuture?: boolean }
);

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export type FieldInput = Readonly<Record<string, unknown>>;

/** Problems with the input; messages name the field and rule, never echo the value. */
export function checkFields(rules: readonly FieldRule[], input: FieldInput, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const rule of rules) {
    if (rule.when && !rule.when.in.includes(input[rule.when.field] as string)) continue;
    const value = input[rule.field];
    const { field } = rule;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      problems.push({ field, rule: 'required', message: `${field} is required` });
    } else if (rule.kind === 'text' && typeof value !== 'string') {
      problems.push({ field, rule: 'text', message: `${field} must be text` });
    } else if (rule.kind === 'code' && !rule.codes.includes(value as string)) {
      problems.push({ field, rule: 'one_of', message: `${field} must be one of ${rule.codes.join(', ')}` });
    } else if (rule.kind === 'date' && !isIsoDate(value)) {
      problems.push({ field, rule: 'date', message: `${field} must be a date (YYYY-MM-DD)` });
    } else if (rule.kind === 'date' && rule.notFuture && (value as string) > today) {
      problems.push({ field, rule: 'not_future', message: `${field} cannot be in the future` });
    }
  }
  return problems;
}
