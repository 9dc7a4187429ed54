import type {
  CaseReason,
  CaseSource,
  CaseState,
  CaseType,
  EscalationStep,
  ExclusionReason,
  InterventionKind,
  InterventionOutcome,
  Level,
  Line,
  Party,
  PlacementType,
  ReturnMode,
  Role,
  Sex,
  SpecialStatusFlag,
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
  persuasionAttempts: number;
  highestStep: EscalationStep | null;
  /** The latest intervention's next follow-up, else its day + the follow-up days; null before the first. */
  nextFollowUpOn: string | null;
  /** Open and the next follow-up day lies before today (China time). */
  overdue: boolean;
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

export type CaseEventKind =
  | 'opened'
  | 'transition'
  | 'responsible_assigned'
  | 'intervention'
  | 'referral'
  | 'transfer'
  | 'reveal'
  /** The plan's free-text fields were edited (EDITABLE_CASE_FIELDS); the payload names which. */
  | 'fields_updated';

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
  /** YYYY-MM-DD: the first day of unexplained absence, when reported. */
  absentSince: string | null;
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
  /** YYYY-MM-DD, not in the future: the first day of unexplained absence (school reports). */
  absentSince?: string;
}

export type CaseSortField = 'openedAt' | 'updatedAt' | 'nextFollowUpOn' | 'state';

export interface CaseListQuery {
  state?: CaseState;
  type?: CaseType;
  schoolId?: string;
  studentId?: string;
  /** Primary or other reason. */
  reason?: CaseReason;
  /** The child has this special-status flag active. */
  flag?: SpecialStatusFlag;
  /** A region inside the caller's scope: cases whose 户籍 path or school path lie under it. */
  regionId?: string;
  /** A region inside the caller's scope: cases whose 户籍 path lies under it (the dashboard's basis). */
  householdRegionId?: string;
  /** An active responsible person on the case. */
  responsibleUserId?: string;
  /** `overdue=true`: open cases whose next follow-up day is before today (China time). */
  overdue?: boolean;
  /** `true`: open cases with a due item (reminders) past its due day and not done. */
  overdueItems?: boolean;
  /**
   * Comma-separated transition names: cases that took one of them, within
   * `tookFrom`–`tookTo` (YYYY-MM-DD, inclusive, China time) when given.
   */
  took?: string;
  tookFrom?: string;
  tookTo?: string;
  /** YYYY-MM-DD, inclusive. */
  openedFrom?: string;
  openedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  /** The child's name (contains), or a full 18-character ID number (exact match). */
  q?: string;
  /** Default openedAt. */
  sort?: CaseSortField;
  /** Default desc; nextFollowUpOn sorts nulls last. */
  order?: 'asc' | 'desc';
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

/** One recorded intervention (帮扶·劝返记录): a visit, call, written order, measure … */
export interface CaseIntervention {
  id: string;
  caseId: string;
  /** Generated by the client: a resend with the same id never makes a second record. */
  clientId: string;
  kind: InterventionKind;
  /** YYYY-MM-DD */
  occurredOn: string;
  /** Which of the five parties (五位一体) acted. */
  party: Party;
  peoplePresent: string | null;
  /** An INTERVENTION_OUTCOMES code. */
  outcome: InterventionOutcome | null;
  notes: string | null;
  nextFollowUpOn: string | null;
  /** Written order (限期返校通知书) only: its number, the day served and the deadline. */
  orderNumber: string | null;
  servedOn: string | null;
  deadlineOn: string | null;
  recordedByUserId: string | null;
  recordedByName: string | null;
  recordedAt: string;
  createdAt: string;
  /** Photos taken at the intervention, in upload order (the bytes: GET …/photos/{photoId}). */
  photos: InterventionPhoto[];
  location: InterventionLocation | null;
}

export interface InterventionPhoto {
  id: string;
  /** Generated by the client: a resend with the same id never stores a second copy. */
  clientId: string;
  /** image/jpeg, image/png or image/webp. */
  contentType: string;
  /** Bytes. */
  size: number;
  uploadedAt: string;
}

export interface RecordInterventionRequest {
  /** A uuid the client generates once per record and reuses on every resend. */
  clientId: string;
  kind: InterventionKind;
  /** YYYY-MM-DD, not in the future. */
  occurredOn: string;
  /** Which party acted; defaults to the one the recorder's role acts for (ROLE_PARTY). */
  party?: Party;
  peoplePresent?: string;
  /** An INTERVENTION_OUTCOMES code; the details go in notes. */
  outcome?: InterventionOutcome;
  notes?: string;
  /** YYYY-MM-DD, not before occurredOn. */
  nextFollowUpOn?: string;
  /** Written order only. */
  orderNumber?: string;
  /** Written order only; defaults to occurredOn. */
  servedOn?: string;
  /** Written order only; defaults to servedOn + the written-order deadline days. */
  deadlineOn?: string;
  /** Where it was recorded, when the recorder allowed the phone to tell. */
  location?: InterventionLocation;
}

/** A position from the device (WGS 84), with its accuracy radius. */
export interface InterventionLocation {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
}

/** The plan's free-text fields, which may be edited at any time (also offline, then sent). */
export const EDITABLE_CASE_FIELDS = ['whereabouts', 'plan', 'reasonNote'] as const;
export type EditableCaseField = (typeof EDITABLE_CASE_FIELDS)[number];

/** PATCH /api/cases/{id}: only the fields given change; null clears one. */
export interface UpdateCaseFieldsRequest {
  /** The version you read; a stale one gets 409 with the current values (CaseEditConflict). */
  version: number;
  whereabouts?: string | null;
  plan?: string | null;
  reasonNote?: string | null;
}

/** 409 for an edit based on a stale version: the server's values now, to compare side by side. */
export interface CaseEditConflict extends ApiError {
  current: Pick<CaseDetail, 'version' | 'updatedAt' | EditableCaseField>;
}

/** A case the caller is a responsible person on ("my cases"). */
export interface MyCaseSummary extends CaseSummary {
  /** The day of the latest intervention, or null before the first. */
  lastInterventionOn: string | null;
}

export interface MyCasesQuery {
  page?: number;
  pageSize?: number;
}

/** One audit entry about a case or its child ("who looked at this record", 谁查看过). */
export interface CaseAccessEntry {
  id: string;
  at: string;
  actorName: string | null;
  actorRole: Role | null;
  action: string;
  reason: string | null;
  clientAddress: string | null;
}

export interface CaseAccessLogQuery {
  page?: number;
  pageSize?: number;
}

export type CaseNoticeKind = 'written_order' | 'township_report';

export interface CaseNoticeParty {
  id: string;
  name: string;
}

/** A print view: the written order to return (限期返校通知书) or the report to the township. */
export interface CaseNotice {
  kind: CaseNoticeKind;
  caseId: string;
  /** Written order: its number; report: null. */
  number: string | null;
  /** YYYY-MM-DD: the order's served day, or today for the report. */
  issuedOn: string;
  deadlineOn: string | null;
  student: {
    fullName: string;
    sex: Sex;
    birthDate: string;
    idNumberMasked: string | null;
    schoolName: string | null;
    grade: number | null;
    className: string | null;
    /** 户籍 place as region names, e.g. 山东省济宁市…疃里镇进士张村 */
    householdPlace: string;
  };
  guardians: { name: string; relation: string }[];
  primaryReason: CaseReason;
  otherReasons: CaseReason[];
  reasonNote: string | null;
  whereabouts: string | null;
  /** Written order: the town government of the child's 户籍 town; report: the school
      (or the caller's organisation when the case has no school). */
  issuer: CaseNoticeParty;
  /** Report: the town government and the education bureau; order: the guardians (empty). */
  recipients: CaseNoticeParty[];
  /** The persuasion trail so far (report), oldest first. */
  /** outcome: an INTERVENTION_OUTCOMES code. */
  interventions: { occurredOn: string; kind: InterventionKind; outcome: string | null }[];
  persuasionAttempts: number;
  highestStep: EscalationStep | null;
}
