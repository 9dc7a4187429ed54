import {
  AllowedCaseTransition,
  CaseDetail,
  CaseEvent as CaseEventView,
  CaseResponsible as CaseResponsibleView,
  CaseSchoolRef,
  CaseSummary,
} from '@baoxue/contracts';
import { isOpenState } from '@baoxue/domain';
import { Organisation } from '../organisations/organisation.entity';
import { CaseEvent } from './case-event.entity';
import { CaseResponsible } from './case-responsible.entity';
import { Case } from './case.entity';

function schoolRef(org: Organisation | null | undefined): CaseSchoolRef | null {
  return org ? { id: org.id, name: org.name } : null;
}

/** `today` is China's date (chinaToday): a follow-up due before it is overdue while the case is open. */
export function toCaseSummary(c: Case, today: string): CaseSummary {
  if (!c.student) throw new Error('case student not loaded');
  return {
    id: c.id,
    student: {
      id: c.student.id,
      fullName: c.student.fullName,
      idNumberMasked: c.student.idNumberMasked,
    },
    type: c.type,
    source: c.source,
    primaryReason: c.primaryReason,
    state: c.state,
    closingRequested: c.closingRequested,
    school: schoolRef(c.school),
    openedAt: c.openedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
    persuasionAttempts: c.persuasionAttempts,
    highestStep: c.highestStep,
    nextFollowUpOn: c.nextFollowUpOn,
    overdue: isOpenState(c.state) && c.nextFollowUpOn !== null && c.nextFollowUpOn < today,
  };
}

export function toCaseResponsible(r: CaseResponsible): CaseResponsibleView {
  return {
    id: r.id,
    name: r.name,
    party: r.party,
    line: r.line,
    level: r.level,
    userId: r.userId,
    organisationId: r.organisationId,
    phone: r.phone,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toCaseEvent(e: CaseEvent): CaseEventView {
  return {
    id: e.id,
    kind: e.kind,
    transition: e.transition,
    fromState: e.fromState,
    toState: e.toState,
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    at: e.at.toISOString(),
    payload: e.payload,
    comment: e.comment,
  };
}

export function toCaseDetail(
  c: Case,
  today: string,
  responsibles: CaseResponsible[],
  events: CaseEvent[],
  allowedTransitions: AllowedCaseTransition[],
): CaseDetail {
  return {
    ...toCaseSummary(c, today),
    otherReasons: c.otherReasons,
    absentSince: c.absentSince,
    reasonNote: c.reasonNote,
    whereabouts: c.whereabouts,
    plan: c.plan,
    monitoringStartedOn: c.monitoringStartedOn,
    exclusionReason: c.exclusionReason,
    evidenceNote: c.evidenceNote,
    returnSchool: schoolRef(c.returnSchool),
    returnDate: c.returnDate,
    returnMode: c.returnMode,
    placementType: c.placementType,
    placementDate: c.placementDate,
    placementEvidence: c.placementEvidence,
    assessmentNote: c.assessmentNote,
    responsibles: responsibles.map(toCaseResponsible),
    timeline: events.map(toCaseEvent),
    allowedTransitions,
    createdAt: c.createdAt.toISOString(),
  };
}
