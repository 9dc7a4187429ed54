import { LabelTable } from './labels';
import { Role } from './roles';

/**
 * Possible duplicates of a child (same ID number, or same name + birth date + 户籍
 * village), kept as candidate pairs until a bureau officer merges or dismisses them.
 */
export const DUPLICATE_REASONS = ['same_id_number', 'same_name_birth_village'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DUPLICATE_REASON_LABELS: LabelTable<DuplicateReason> = {
  same_id_number: { zh: '身份证号相同', en: 'Same ID number' },
  same_name_birth_village: { zh: '姓名、出生日期、户籍村相同', en: 'Same name, birth date and 户籍 village' },
};

export const DUPLICATE_STATUSES = ['open', 'merged', 'dismissed'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

/** Who may see the candidate list (the bureau's view over its scope). */
export const DUPLICATE_VIEWER_ROLES: readonly Role[] = ['bureau_officer', 'bureau_leader'];
/** Who may merge or dismiss: the 控辍保学专干 only. */
export const DUPLICATE_RESOLVER_ROLES: readonly Role[] = ['bureau_officer'];

export function canResolveDuplicates(role: Role): boolean {
  return DUPLICATE_RESOLVER_ROLES.includes(role);
}

/** The fields a change of which can make or unmake a duplicate: re-check on update. */
export const DUPLICATE_MATCH_FIELDS = ['fullName', 'birthDate', 'hukouRegionId', 'idNumber'] as const;

export function touchesDuplicateMatch(changed: readonly string[]): boolean {
  return changed.some((field) => (DUPLICATE_MATCH_FIELDS as readonly string[]).includes(field));
}

/** A candidate pair is stored once, smaller id first, so the pair is unique whoever was registered later. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** The same ID number is the stronger reason; it wins when both hold. */
export function duplicateReason(match: { sameIdNumber: boolean }): DuplicateReason {
  return match.sameIdNumber ? 'same_id_number' : 'same_name_birth_village';
}

/**
 * The child's own fields a merge settles. Guardians, flags and cases are not chosen:
 * they move over to the surviving record.
 */
export const MERGE_FIELDS = [
  'fullName',
  'sex',
  'birthDate',
  'idNumber',
  'studentNumber',
  'ethnicity',
  'hukouRegionId',
  'hukouAddress',
  'currentAddress',
  'schoolId',
  'grade',
  'className',
  'enrolmentStatus',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Values must agree with each other: the ID number encodes birth date and sex, and a G 学籍号 is G + it. */
const LINKED_FIELDS: readonly (readonly MergeField[])[] = [
  ['idNumber', 'birthDate', 'sex', 'studentNumber'],
  ['schoolId', 'grade', 'className'],
  ['hukouRegionId', 'hukouAddress'],
];

/** One record's mergeable values; compare by a value's identity (e.g. the ID number's keyed hash). */
export type MergeValues = Record<MergeField, string | number | null>;

export interface MergePlan {
  /** Fields both records hold with different values: the officer chooses (default: the survivor's). */
  conflicts: MergeField[];
  /** Fields the survivor lacks and the other record holds: taken from it. */
  filled: MergeField[];
  /** Every field the survivor takes from the other record (filled, plus those chosen). */
  fromOther: MergeField[];
}

/** Which fields differ between the survivor and the record merged into it, and which it takes. */
export function planMerge(
  survivor: MergeValues,
  other: MergeValues,
  takeFromOther: readonly MergeField[] = [],
): MergePlan {
  const conflicts: MergeField[] = [];
  const filled: MergeField[] = [];
  for (const field of MERGE_FIELDS) {
    const mine = survivor[field];
    const theirs = other[field];
    if (theirs === null || mine === theirs) continue;
    if (mine === null) filled.push(field);
    else conflicts.push(field);
  }
  const chosen = new Set<MergeField>([...filled, ...takeFromOther.filter((f) => conflicts.includes(f))]);
  // Taking one of a linked group takes the group, so an ID number never disagrees with its birth date.
  for (const group of LINKED_FIELDS)
    if (group.some((f) => chosen.has(f)))
      for (const f of group) if (other[f] !== null && survivor[f] !== other[f]) chosen.add(f);
  return { conflicts, filled, fromOther: MERGE_FIELDS.filter((f) => chosen.has(f)) };
}

export type MergeRefusal =
  'duplicate.not_open' | 'student.merged' | 'student.merge_two_open_cases' | 'duplicate.not_in_pair';

/** Whether a merge may go ahead; null when it may, else the 409 code. */
export function mergeRefusal(input: {
  status: DuplicateStatus;
  survivorIsInPair: boolean;
  eitherAlreadyMerged: boolean;
  survivorOpenCases: number;
  otherOpenCases: number;
}): MergeRefusal | null {
  if (!input.survivorIsInPair) return 'duplicate.not_in_pair';
  if (input.status !== 'open') return 'duplicate.not_open';
  if (input.eitherAlreadyMerged) return 'student.merged';
  // 一人一案: one open case per child must still hold on the surviving record.
  if (input.survivorOpenCases > 0 && input.otherOpenCases > 0) return 'student.merge_two_open_cases';
  return null;
}
