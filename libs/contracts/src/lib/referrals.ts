import type {
  CaseReason,
  CaseState,
  CaseType,
  DepartmentKind,
  ReferralNeed,
  ReferralStatus,
  Sex,
} from '@baoxue/domain';

/**
 * The child as a party outside the case's scope sees it (a department's liaison, a
 * receiving region before it accepts): name, masked ID number, sex, age and 户籍 place names.
 */
export interface HandoverChild {
  fullName: string;
  /** `370829********123X`, or null when the child has no usable ID number. */
  idNumberMasked: string | null;
  sex: Sex;
  /** Whole years today (China time). */
  age: number;
  /** The 户籍 place as region names below the province, e.g. 济宁市济宁经济技术开发区疃里镇进士张村. */
  householdPlace: string;
}

/** The case as a party outside its scope sees it: codes only, no free text. */
export interface HandoverCase {
  id: string;
  type: CaseType;
  state: CaseState;
  primaryReason: CaseReason;
  otherReasons: CaseReason[];
}

/** A department organisation a case can be referred to. */
export interface ReferralDepartment {
  id: string;
  name: string;
  departmentKind: DepartmentKind;
}

/** A referral of a case to a department (部门转介), as the case's side sees it. */
export interface CaseReferral {
  id: string;
  caseId: string;
  department: ReferralDepartment;
  need: ReferralNeed;
  /** What the referring party needs, in its words. */
  request: string;
  status: ReferralStatus;
  referredByName: string | null;
  referredByOrganisation: string | null;
  referredAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  declineReason: string | null;
  /** What the department found or did (e.g. 已查明在浙江务工). */
  response: string | null;
  respondedByName: string | null;
  respondedAt: string | null;
  /** Optimistic-lock version: send it back with accept, decline or respond. */
  version: number;
}

/** A referral in a department's inbox, with the masked child and the case's codes. */
export interface ReferralInboxItem extends CaseReferral {
  child: HandoverChild;
  case: HandoverCase;
}

export interface ReferralInboxQuery {
  status?: ReferralStatus;
  page?: number;
  pageSize?: number;
}

export interface CreateReferralRequest {
  /** A department organisation offered by GET /api/cases/:id/referral-departments. */
  departmentId: string;
  need: ReferralNeed;
  request: string;
}

export interface AcceptReferralRequest {
  version: number;
}

export interface DeclineReferralRequest {
  version: number;
  reason: string;
}

export interface RespondReferralRequest {
  version: number;
  response: string;
}
