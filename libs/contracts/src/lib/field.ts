import type {
  CaseReason,
  CaseState,
  CaseType,
  GuardianRelation,
  Sex,
  SpecialStatusFlag,
} from '@baoxue/domain';
import type { CaseIntervention } from './cases';
import type { WorkItem } from './reminders';

/**
 * The village official's field app (乡村找): everything needed to visit a child, for the open
 * cases the caller is an active responsible person on. Unlike the general student record,
 * guardians' phones and the current address are given in full — the responsible person
 * calls and visits — and every read is audited.
 */
export interface FieldGuardian {
  id: string;
  fullName: string;
  relation: GuardianRelation;
  /** In full, for tap-to-call; null when none is on record. */
  phone: string | null;
  worksAway: boolean;
  worksAwayPlace: string | null;
}

export interface FieldStudent {
  id: string;
  fullName: string;
  sex: Sex;
  birthDate: string;
  grade: number | null;
  className: string | null;
  schoolName: string | null;
  /** The 户籍 village's name. */
  villageName: string | null;
  /** In full, for the visit. */
  currentAddress: string | null;
  flags: SpecialStatusFlag[];
}

export interface FieldCaseCard {
  caseId: string;
  /** The case's optimistic-lock version when read (offline edits send it back). */
  version: number;
  updatedAt: string;
  state: CaseState;
  type: CaseType;
  primaryReason: CaseReason;
  openedAt: string;
  absentSince: string | null;
  whereabouts: string | null;
  plan: string | null;
  reasonNote: string | null;
  nextFollowUpOn: string | null;
  overdue: boolean;
  student: FieldStudent;
  guardians: FieldGuardian[];
  lastIntervention: CaseIntervention | null;
  /** The caller's pending due items on this case (visits, verification …), soonest first. */
  dueItems: WorkItem[];
}

/** GET /api/field/cards — all of the caller's cards at once, to keep for offline reading. */
export interface FieldCards {
  cards: FieldCaseCard[];
  /** When the server answered (ISO instant): the app shows it as "更新于". */
  at: string;
}
