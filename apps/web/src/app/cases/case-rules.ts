import type { CaseSource, CaseType, Label, LabelTable, Role } from '@baoxue/domain';
import {
  CaseState,
  EXCLUSION_REASON_LABELS,
  PLACEMENT_TYPE_LABELS,
  RETURN_MODE_LABELS,
} from '@baoxue/domain';
import { KNOWN_ERROR_CODES } from '../shared/api/api-error';

/** Who may open a case (the API's CASE_OPEN_ROLES; it enforces them). */
export const CASE_OPEN_ROLES: readonly Role[] = [
  'school_staff',
  'village_official',
  'government_official',
  'bureau_officer',
];

/** Who may name a responsible person on a case (the API's CASE_ASSIGN_ROLES). */
export const CASE_ASSIGN_ROLES: readonly Role[] = [...CASE_OPEN_ROLES, 'bureau_leader'];

/** What the staff report (报告缺学 / 报告辍学), and the case type each kind opens. */
export const REPORT_KINDS = ['absent', 'dropped_out'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_TYPES: Readonly<Record<ReportKind, CaseType>> = {
  absent: 'enrolled_not_attending',
  dropped_out: 'suspected_dropout',
};

/** A report from school staff comes from attendance; anyone else found the child on patrol. */
export function reportSource(role: Role | undefined): CaseSource {
  return role === 'school_staff' ? 'school_attendance' : 'village_patrol';
}

/** Tag colour of each state. */
export const CASE_STATE_COLORS: Readonly<Record<CaseState, string>> = {
  suspected: 'orange',
  verifying: 'gold',
  excluded: 'default',
  persuading: 'red',
  monitoring: 'blue',
  closed: 'green',
};

/** Labels of the code-valued transition inputs, by field name. */
export const TRANSITION_CODE_LABELS: Readonly<Record<string, LabelTable<string>>> = {
  exclusionReason: EXCLUSION_REASON_LABELS,
  returnMode: RETURN_MODE_LABELS,
  placementType: PLACEMENT_TYPE_LABELS,
};

export function codeLabel(field: string, code: string): Label {
  return TRANSITION_CODE_LABELS[field]?.[code] ?? { zh: code, en: code };
}

/** Error codes of the cases API with their own wording (`errors.case.*`). */
export const CASE_ERROR_CODES: readonly string[] = [
  ...KNOWN_ERROR_CODES,
  'case.stale_version',
  'case.already_open',
  'case.transition_illegal',
  'case.transition_blocked',
  'case.transition_forbidden',
];
