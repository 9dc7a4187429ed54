import type {
  CaseReason,
  CaseSource,
  CaseState,
  CaseType,
  EscalationStep,
  ExclusionReason,
  Level,
  Line,
  Party,
  PlacementType,
  ReturnMode,
  TransitionName,
} from '@baoxue/domain';
import type { ApiError, ApiErrorDetail } from './errors';

/** The child a case is about, as every case response shows it (ID number masked). */
export interface CaseStudentRef {
  id: string;
  fullName: string;
  /** `370829********123X`, or null when the child has no usable ID number. */
  idNumberMasked: string | null;
}

export interface CaseSchoolRef {
  id: string;
  name: string;
}

export interface CaseSummary {
  id: string;
  student: CaseStudentRef;
  type: CaseType;
  source: CaseSource;
  primaryReason: CaseReason;
  state: CaseState;
  /** A closing request awaits a bureau officer's or leader's decision. */
  closingRequested: boolean;
  school: CaseSchoolRef | null;
  openedAt: string;
  closedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface CaseResponsible {
  id: string;
  name: string;
  party: Party;
  line: Line;
  level: Level;
  userId: string | null;
  organisationId: string | null;
  phone: string | null;
  active: boolean;
  createdAt: string;
}

export type CaseEventKind = 'opened' | 'transition' | 'responsible_assigned';

/** One entry of the case's timeline (append-only). */
export interface CaseEvent {
  id: string;
  kind: CaseEventKind;
  transition: TransitionName | null;
  fromState: CaseState | null;
  toState: CaseState | null;
  actorUserId: string | null;
  actorName: string | null;
  at: string;
  /** Codes and dates only, never personal data values. */
  payload: Record<string, unknown> | null;
  comment: string | null;
}

/** A transition the caller may take now; `unmet` lists guards still blocking it. */
export interface AllowedCaseTransition {
  name: TransitionName;
  unmet: ApiErrorDetail[];
}

export interface CaseDetail extends CaseSummary {
  otherReasons: CaseReason[];
  reasonNote: string | null;
  /** 去向 */
  whereabouts: string | null;
  /** 一人一案 */
  plan: string | null;
  monitoringStartedOn: string | null;
  exclusionReason: ExclusionReason | null;
  evidenceNote: string | null;
  returnSchool: CaseSchoolRef | null;
  returnDate: string | null;
  returnMode: ReturnMode | null;
  placementType: PlacementType | null;
  placementDate: string | null;
  placementEvidence: string | null;
  assessmentNote: string | null;
  persuasionAttempts: number;
  highestStep: EscalationStep | null;
  responsibles: CaseResponsible[];
  timeline: CaseEvent[];
  allowedTransitions: AllowedCaseTransition[];
  createdAt: string;
}

export interface OpenCaseRequest {
  studentId: string;
  type: CaseType;
  source: CaseSource;
  primaryReason: CaseReason;
  otherReasons?: CaseReason[];
  reasonNote?: string;
  whereabouts?: string;
  plan?: string;
}

export interface CaseListQuery {
  state?: CaseState;
  type?: CaseType;
  schoolId?: string;
  studentId?: string;
  page?: number;
  pageSize?: number;
}

/** The inputs a transition may need (see TRANSITIONS in libs/domain for which). */
export interface CaseTransitionRequest {
  /** The version you read; a stale one gets 409. */
  version: number;
  exclusionReason?: ExclusionReason;
  evidenceNote?: string;
  returnSchoolId?: string;
  returnDate?: string;
  returnMode?: ReturnMode;
  placementType?: PlacementType;
  placementDate?: string;
  placementEvidence?: string;
  assessmentNote?: string;
  note?: string;
  comment?: string;
  reason?: string;
}

export interface AssignResponsibleRequest {
  name: string;
  party: Party;
  line: Line;
  level: Level;
  userId?: string;
  organisationId?: string;
  phone?: string;
}

/** 409 for an illegal or blocked transition: what the caller may take instead. */
export interface CaseTransitionRefusal extends ApiError {
  allowed: TransitionName[];
}
