import type { DuplicateSide, StudentDuplicate } from '@baoxue/contracts';
import { Label, MERGE_FIELDS, MergeField, SEX_LABELS } from '@baoxue/domain';
import { apiErrorCode, errorMessageKey } from '../shared/api/api-error';

/** What one cell of the comparison shows: plain text, a domain label, or a translation key. */
export type CompareCell =
  { kind: 'text'; text: string | null } | { kind: 'label'; label: Label } | { kind: 'key'; key: string };

export type CompareField = MergeField | 'guardians' | 'flags' | 'cases';

export interface CompareRow {
  field: CompareField;
  cell: (side: DuplicateSide) => CompareCell;
}

const text = (value: string | number | null): CompareCell => ({
  kind: 'text',
  text: value === null ? null : String(value),
});

/**
 * The rows of the side-by-side comparison, in the order of the child's record. Everything is
 * already masked by the API (name, ID number, 学籍号); addresses are not sent at all.
 */
export const COMPARE_ROWS: readonly CompareRow[] = [
  { field: 'fullName', cell: (s) => text(s.maskedName) },
  { field: 'sex', cell: (s) => ({ kind: 'label', label: SEX_LABELS[s.sex] }) },
  { field: 'birthDate', cell: (s) => text(s.birthDate) },
  { field: 'idNumber', cell: (s) => text(s.idNumberMasked) },
  { field: 'studentNumber', cell: (s) => text(s.studentNumberMasked) },
  { field: 'hukouRegionId', cell: (s) => text(s.hukouRegion?.name ?? null) },
  { field: 'schoolId', cell: (s) => text(s.school?.name ?? null) },
  {
    field: 'grade',
    cell: (s) => (s.grade ? { kind: 'key', key: `students.grades.${s.grade}` } : text(null)),
  },
  { field: 'className', cell: (s) => text(s.className) },
  {
    field: 'enrolmentStatus',
    cell: (s) => ({ kind: 'key', key: `students.enrolment.${s.enrolmentStatus}` }),
  },
  { field: 'guardians', cell: (s) => text(s.guardianCount) },
  { field: 'flags', cell: (s) => text(s.flagCount) },
  { field: 'cases', cell: (s) => text(s.caseCount) },
];

export type SideName = 'first' | 'second';

export const otherSide = (side: SideName): SideName => (side === 'first' ? 'second' : 'first');

/**
 * The record to keep unless the officer chooses otherwise: the one with the open case (its
 * case keeps its child), else the one with more cases, else the one registered first.
 */
export function defaultSurvivor(duplicate: StudentDuplicate): SideName {
  const { first, second } = duplicate;
  if (first.hasOpenCase !== second.hasOpenCase) return first.hasOpenCase ? 'first' : 'second';
  if (first.caseCount !== second.caseCount) return first.caseCount > second.caseCount ? 'first' : 'second';
  return first.createdAt <= second.createdAt ? 'first' : 'second';
}

/** Conflicting fields the officer may take from the record merged away (those the API merges). */
export function choosableConflicts(duplicate: StudentDuplicate): MergeField[] {
  return MERGE_FIELDS.filter((field) => duplicate.conflicts.includes(field));
}

export const REASON_MIN = 4;
export const REASON_MAX = 200;

/** A merge or dismissal reason: 4–200 characters once trimmed (the API's rule; it is audited). */
export function reasonValid(reason: string): boolean {
  const length = reason.trim().length;
  return length >= REASON_MIN && length <= REASON_MAX;
}

const DUPLICATE_ERRORS: Readonly<Record<string, string>> = {
  'student.merge_two_open_cases': 'duplicates.errors.two_open_cases',
  'duplicate.not_open': 'duplicates.errors.not_open',
  'student.merged': 'duplicates.errors.merged',
  'student.stale_version': 'duplicates.errors.stale',
  'duplicate.stale_version': 'duplicates.errors.stale',
};

/** Translation key for a failed merge or dismissal: the API's code when we have words for it. */
export function duplicateErrorKey(error: unknown): string {
  const code = apiErrorCode(error);
  return (code && DUPLICATE_ERRORS[code]) || errorMessageKey(error);
}
