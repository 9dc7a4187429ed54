import { CaseEventKind } from '@baoxue/contracts';
import { Role } from '@baoxue/domain';

/**
 * Who may open a case: the field parties that find children (school, village, town) and the
 * bureau's officer. Not admin (administers the system) nor department liaisons (act on
 * referrals). Kept as data, like the roles of each transition in libs/domain.
 */
export const CASE_OPEN_ROLES: readonly Role[] = [
  'school_staff',
  'village_official',
  'government_official',
  'bureau_officer',
];

/** Who may name a responsible person on a case (双线责任人). */
export const CASE_ASSIGN_ROLES: readonly Role[] = [...CASE_OPEN_ROLES, 'bureau_leader'];

/**
 * Who may record an intervention (帮扶·劝返记录): the roles who act on cases. Not admin nor
 * department liaisons (they act on referrals).
 */
export const CASE_INTERVENTION_ROLES: readonly Role[] = CASE_ASSIGN_ROLES;

/**
 * Who may edit the plan's free-text fields (去向, 一人一案, reason note): those who work the
 * case, as for interventions — the field app sends offline edits for the same people.
 */
export const CASE_EDIT_ROLES: readonly Role[] = CASE_INTERVENTION_ROLES;

/** What a timeline entry records. */
export const CASE_EVENT_KINDS = [
  'opened',
  'transition',
  'responsible_assigned',
  'intervention',
  'referral',
  'transfer',
  'reveal',
  'fields_updated',
] as const satisfies readonly CaseEventKind[];

/**
 * Where each transition input is kept: on a column of the case, or as the timeline entry's
 * comment. Every field of every transition in TRANSITIONS must be listed in one of the two
 * (the integration tests check it).
 */
export const TRANSITION_FIELD_COLUMNS = {
  exclusionReason: 'exclusionReason',
  evidenceNote: 'evidenceNote',
  returnSchoolId: 'returnSchoolId',
  returnDate: 'returnDate',
  returnMode: 'returnMode',
  placementType: 'placementType',
  placementDate: 'placementDate',
  placementEvidence: 'placementEvidence',
  assessmentNote: 'assessmentNote',
} as const;

export const TRANSITION_COMMENT_FIELDS = ['note', 'comment', 'reason'] as const;

/** Code-valued inputs whose value may go into the timeline payload (no personal data). */
export const TRANSITION_PAYLOAD_FIELDS = [
  'exclusionReason',
  'returnSchoolId',
  'returnDate',
  'returnMode',
  'placementType',
  'placementDate',
] as const;
