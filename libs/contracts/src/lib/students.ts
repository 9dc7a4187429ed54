import type {
  DuplicateReason,
  DuplicateStatus,
  GuardianRelation,
  MergeField,
  Sex,
  SpecialStatusFlag,
} from '@baoxue/domain';
import type { OrganisationSummary } from './organisations';
import type { RegionRef } from './regions';

/** Where a child stands with school (学籍状态). */
export type EnrolmentStatus = 'enrolled' | 'not_enrolled' | 'transferred_out' | 'graduated';

/** One row of the student list: masked, never a full ID number, phone or address. */
export interface StudentSummary {
  id: string;
  fullName: string;
  sex: Sex;
  birthDate: string;
  /** `370829********123X`, or null for a child without a usable ID number. */
  idNumberMasked: string | null;
  /** 学籍号, masked like an ID number unless it is a J-number. */
  studentNumberMasked: string | null;
  /** The 户籍 village. */
  hukouRegion: RegionRef | null;
  school: OrganisationSummary | null;
  grade: number | null;
  className: string | null;
  enrolmentStatus: EnrolmentStatus;
  /** Special-status flags in force today. */
  flags: SpecialStatusFlag[];
}

export interface GuardianView {
  id: string;
  fullName: string;
  relation: GuardianRelation;
  /** `138****5678`. */
  phoneMasked: string | null;
  worksAway: boolean;
  worksAwayPlace: string | null;
}

/** A flag held over a period; its detail (e.g. disability category) is only revealed. */
export interface StudentFlagView {
  flag: SpecialStatusFlag;
  fromDate: string;
  toDate: string | null;
  hasDetail: boolean;
}

/** One child's record as everyone in scope sees it: masked. */
export interface StudentDetail extends StudentSummary {
  ethnicity: string | null;
  /** Down to the village: `山东省济宁市嘉祥县疃里镇进士张村***`. */
  hukouAddressMasked: string | null;
  currentAddressMasked: string | null;
  guardians: GuardianView[];
  flagPeriods: StudentFlagView[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set once this record was merged into another: it is read-only and hidden from lists. */
  mergedIntoId: string | null;
  /** Open duplicate candidates whose other record is within your scope. */
  openDuplicates: StudentDuplicateRef[];
}

/** The unmasked personal data, for a role that may reveal it and a stated reason (audited). */
export interface RevealedStudentData {
  id: string;
  idNumber: string | null;
  studentNumber: string | null;
  hukouAddress: string | null;
  currentAddress: string | null;
  guardians: { id: string; fullName: string; phone: string | null }[];
  flagDetails: { flag: SpecialStatusFlag; fromDate: string; detail: Record<string, unknown> | null }[];
}

export interface RevealStudentRequest {
  /** Why the data is needed (4–200 characters); kept in the audit log. */
  reason: string;
}

/** Another record that may be the same child. */
export interface PossibleDuplicate {
  id: string;
  /** `张**` */
  maskedName: string;
  birthDate: string;
  idNumberMasked: string | null;
  matchedBy: 'id_number' | 'name_birth_date_village';
}

export interface CreatedStudent extends StudentDetail {
  /** Records that may be the same child: the new record is created regardless (merging is separate). */
  possibleDuplicates: PossibleDuplicate[];
}

export interface GuardianInput {
  fullName: string;
  relation: GuardianRelation;
  /** 11-digit mobile number. */
  phone?: string;
  worksAway?: boolean;
  worksAwayPlace?: string;
}

export interface StudentFlagInput {
  flag: SpecialStatusFlag;
  fromDate: string;
  toDate?: string;
  detail?: Record<string, unknown>;
}

export interface CreateStudentRequest {
  fullName: string;
  sex: Sex;
  birthDate: string;
  /** 18 characters, GB 11643; must agree with birthDate and sex. */
  idNumber?: string;
  studentNumber?: string;
  ethnicity?: string;
  /** The 户籍 village (a region of kind village within your scope). */
  hukouRegionId: string;
  hukouAddress?: string;
  currentAddress?: string;
  /** Omitted for an out-of-school child. */
  schoolId?: string;
  grade?: number;
  className?: string;
  enrolmentStatus?: EnrolmentStatus;
  guardians?: GuardianInput[];
  flags?: StudentFlagInput[];
}

/** Only the fields sent change; `guardians` and `flags`, when sent, replace the lists. */
export interface UpdateStudentRequest {
  version: number;
  fullName?: string;
  sex?: Sex;
  birthDate?: string;
  idNumber?: string;
  studentNumber?: string;
  ethnicity?: string;
  hukouRegionId?: string;
  hukouAddress?: string;
  currentAddress?: string;
  /** null: the child left school. */
  schoolId?: string | null;
  grade?: number | null;
  className?: string | null;
  enrolmentStatus?: EnrolmentStatus;
  guardians?: GuardianInput[];
  flags?: StudentFlagInput[];
}

export interface StudentListQuery {
  schoolId?: string;
  grade?: number;
  className?: string;
  flag?: SpecialStatusFlag;
  /** Name prefix. */
  q?: string;
  /** A full ID number: exact match. */
  idNumber?: string;
  page?: number;
  pageSize?: number;
}

/** An open candidate as the child's detail shows it: the other record, masked. */
export interface StudentDuplicateRef {
  duplicateId: string;
  reason: DuplicateReason;
  other: PossibleDuplicate;
}

/** One side of a candidate pair, masked (the name too: the list spans a whole county). */
export interface DuplicateSide extends Omit<StudentSummary, 'fullName' | 'flags'> {
  /** `张**` */
  maskedName: string;
  guardianCount: number;
  flagCount: number;
  caseCount: number;
  hasOpenCase: boolean;
  version: number;
  createdAt: string;
}

/** A pair of records that may be the same child (疑似重复). */
export interface StudentDuplicate {
  id: string;
  reason: DuplicateReason;
  status: DuplicateStatus;
  first: DuplicateSide;
  second: DuplicateSide;
  /** Fields both records hold with different values. */
  conflicts: MergeField[];
  /** Whether a merge is refused because both children have an open case. */
  bothHaveOpenCases: boolean;
  resolutionNote: string | null;
  resolvedAt: string | null;
  version: number;
  createdAt: string;
}

export interface StudentDuplicateListQuery {
  /** Default `open`. */
  status?: DuplicateStatus;
  page?: number;
  pageSize?: number;
}

/** Merge the candidate's other record into this one (`POST /students/:id/merge`). */
export interface MergeStudentRequest {
  duplicateId: string;
  /** The version you read of this (surviving) record. */
  version: number;
  /** The version you read of the record merged into it. */
  otherVersion: number;
  /** Conflicting fields to take from the other record (default: keep this record's). */
  takeFromOther?: MergeField[];
  /** Why (4–200 characters); kept in the audit log. */
  reason: string;
}

export interface MergedStudent {
  survivor: StudentDetail;
  mergedId: string;
  movedGuardians: number;
  movedFlags: number;
  movedCases: number;
}

/** "Not the same child" (`POST /students/duplicates/:id/dismiss`). */
export interface DismissDuplicateRequest {
  version: number;
  reason: string;
}
