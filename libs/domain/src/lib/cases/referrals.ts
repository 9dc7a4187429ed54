import { LabelTable } from '../labels';
import { RegionKind, regionDepth } from '../regions';
import { Role } from '../roles';
import { checkFields, FieldInput, FieldProblem, FieldRule } from './fields';
import { Level } from './codes';
import { CaseState, isOpenState } from './lifecycle';
import { chinaToday } from './settings';

/**
 * Department referrals (部门转介, 部门清): a case in scope is referred to a department
 * (public security, civil affairs …) with what is needed. The department's liaison accepts
 * (the department becomes a responsible party on the case) or declines with a reason, and
 * after accepting records what it found. Like transfers, a referral never moves the case's
 * lifecycle state. Which department and which case are the API's checks, not these rules'.
 */
export const REFERRAL_STATUSES = ['offered', 'accepted', 'declined', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_STATUS_LABELS: LabelTable<ReferralStatus> = {
  offered: { zh: '待受理', en: 'Awaiting the department' },
  accepted: { zh: '已受理', en: 'Accepted' },
  declined: { zh: '已拒绝', en: 'Declined' },
  completed: { zh: '已反馈', en: 'Answered' },
};

/** Still with the department: at most one such referral per case and department. */
export const ACTIVE_REFERRAL_STATUSES: readonly ReferralStatus[] = ['offered', 'accepted'];

/** What the referring party needs from the department (DOMAIN.md §2, 部门清). */
export const REFERRAL_NEEDS = [
  'trace_whereabouts',
  'verify_hukou',
  'disability_assessment',
  'subsidy',
  'child_labour',
  'legal_notice',
  'poverty_monitoring',
  'other',
] as const;
export type ReferralNeed = (typeof REFERRAL_NEEDS)[number];

export const REFERRAL_NEED_LABELS: LabelTable<ReferralNeed> = {
  trace_whereabouts: { zh: '查找去向', en: 'Trace whereabouts' },
  verify_hukou: { zh: '核实户籍', en: 'Verify household registration' },
  disability_assessment: { zh: '残疾评估', en: 'Disability assessment' },
  subsidy: { zh: '救助/资助', en: 'Assistance or subsidy' },
  child_labour: { zh: '查处违法招用童工', en: 'Child labour' },
  legal_notice: { zh: '法治宣传/司法文书', en: 'Legal notice' },
  poverty_monitoring: { zh: '防返贫监测帮扶', en: 'Poverty monitoring' },
  other: { zh: '其他', en: 'Other' },
};

export const REFERRAL_ACTION_NAMES = [
  'refer',
  'accept_referral',
  'decline_referral',
  'respond_referral',
] as const;
export type ReferralActionName = (typeof REFERRAL_ACTION_NAMES)[number];

export interface ReferralAction {
  name: ReferralActionName;
  /** The referral's status this action starts from; null: it makes a new referral. */
  from: ReferralStatus | null;
  result: ReferralStatus;
  /** Whether the case must still be open (a closed case needs no new work). */
  needsOpenCase: boolean;
  roles: readonly Role[];
  fields: readonly FieldRule[];
}

/** The parties who act on cases refer them (the API's CASE_ASSIGN_ROLES); liaisons answer. */
export const REFERRAL_REFER_ROLES: readonly Role[] = [
  'school_staff',
  'village_official',
  'government_official',
  'bureau_officer',
  'bureau_leader',
];

export const REFERRAL_ACTIONS: Readonly<Record<ReferralActionName, ReferralAction>> = {
  refer: {
    name: 'refer',
    from: null,
    result: 'offered',
    needsOpenCase: true,
    roles: REFERRAL_REFER_ROLES,
    fields: [
      { field: 'departmentId', kind: 'text' },
      { field: 'need', kind: 'code', codes: REFERRAL_NEEDS },
      { field: 'request', kind: 'text' },
    ],
  },
  accept_referral: {
    name: 'accept_referral',
    from: 'offered',
    result: 'accepted',
    needsOpenCase: true,
    roles: ['department_liaison'],
    fields: [],
  },
  decline_referral: {
    name: 'decline_referral',
    from: 'offered',
    result: 'declined',
    needsOpenCase: false,
    roles: ['department_liaison'],
    fields: [{ field: 'reason', kind: 'text' }],
  },
  respond_referral: {
    name: 'respond_referral',
    from: 'accepted',
    result: 'completed',
    needsOpenCase: false,
    roles: ['department_liaison'],
    fields: [{ field: 'response', kind: 'text' }],
  },
};

export const REFERRAL_ACTION_LABELS: LabelTable<ReferralActionName> = {
  refer: { zh: '转介部门', en: 'Refer to a department' },
  accept_referral: { zh: '受理', en: 'Accept' },
  decline_referral: { zh: '拒绝', en: 'Decline' },
  respond_referral: { zh: '反馈结果', en: 'Record the outcome' },
};

export type ReferralCheck =
  { ok: true } | { ok: false; kind: 'illegal' | 'forbidden' | 'invalid'; problems: FieldProblem[] };

/** Whether `role` may take `name` on a referral in `status` (null: none yet) of a case in `caseState`. */
export function checkReferralAction(
  name: ReferralActionName,
  caseState: CaseState,
  status: ReferralStatus | null,
  role: Role,
  input: FieldInput,
  now: Date,
): ReferralCheck {
  const action = REFERRAL_ACTIONS[name];
  if (action.from !== status) {
    const message = status === null ? 'no referral to act on' : `the referral is ${status}`;
    return { ok: false, kind: 'illegal', problems: [{ field: 'status', rule: 'illegal', message }] };
  }
  if (action.needsOpenCase && !isOpenState(caseState)) {
    return {
      ok: false,
      kind: 'illegal',
      problems: [{ field: 'case', rule: 'illegal', message: 'the case is not open' }],
    };
  }
  if (!action.roles.includes(role)) {
    return {
      ok: false,
      kind: 'forbidden',
      problems: [{ field: 'role', rule: 'forbidden', message: `${role} may not ${name}` }],
    };
  }
  const problems = checkFields(action.fields, input, chinaToday(now));
  return problems.length > 0 ? { ok: false, kind: 'invalid', problems } : { ok: true };
}

/**
 * Departments that may take a referral: county-level (or a town's, e.g. a police station)
 * and covering the child's place; never a province's or city's (too far from the child).
 */
export function isReferralDepartmentRegion(kind: RegionKind): boolean {
  return regionDepth(kind) >= regionDepth('county');
}

/**
 * An accepting department joins the case on the government line (departments are organs of
 * the county or town government, 党政管 over 部门清) at its own level: county-level
 * departments at `county`, a town's at `town`.
 */
export function departmentResponsibleLevel(kind: RegionKind): Level {
  return regionDepth(kind) > regionDepth('county') ? 'town' : 'county';
}
