import { FieldCaseCard, FieldGuardian } from '@baoxue/contracts';
import { isOpenState } from '@baoxue/domain';
import { Case } from '../cases/case.entity';
import { Guardian } from '../students/guardian.entity';
import { CardParts } from './field-cards.query';

/** Unmasked on purpose: the responsible person calls the guardians (every read is audited). */
function toFieldGuardian(g: Guardian): FieldGuardian {
  return {
    id: g.id,
    fullName: g.fullName,
    relation: g.relation,
    phone: g.phone,
    worksAway: g.worksAway,
    worksAwayPlace: g.worksAwayPlace,
  };
}

/** `today` is China's date: a follow-up due before it is overdue (as on the case list). */
export function toFieldCaseCard(c: Case, parts: CardParts, today: string): FieldCaseCard {
  const s = c.student;
  if (!s) throw new Error('case student not loaded');
  return {
    caseId: c.id,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
    state: c.state,
    type: c.type,
    primaryReason: c.primaryReason,
    openedAt: c.openedAt.toISOString(),
    absentSince: c.absentSince,
    whereabouts: c.whereabouts,
    plan: c.plan,
    reasonNote: c.reasonNote,
    nextFollowUpOn: c.nextFollowUpOn,
    overdue: isOpenState(c.state) && c.nextFollowUpOn !== null && c.nextFollowUpOn < today,
    student: {
      id: s.id,
      fullName: s.fullName,
      sex: s.sex,
      birthDate: s.birthDate,
      grade: s.grade,
      className: s.className,
      schoolName: s.school?.name ?? null,
      villageName: s.hukouRegion?.name ?? null,
      currentAddress: s.currentAddress,
      flags: parts.flags.get(s.id) ?? [],
    },
    guardians: (parts.guardians.get(s.id) ?? []).map(toFieldGuardian),
    lastIntervention: parts.lastInterventions.get(c.id) ?? null,
    dueItems: parts.dueItems.get(c.id) ?? [],
  };
}

/** Soonest due item first, then the soonest follow-up, then the oldest case: the day's order of work. */
export function compareCards(a: FieldCaseCard, b: FieldCaseCard): number {
  return (
    compareNullableDays(a.dueItems[0]?.dueOn ?? null, b.dueItems[0]?.dueOn ?? null) ||
    compareNullableDays(a.nextFollowUpOn, b.nextFollowUpOn) ||
    a.openedAt.localeCompare(b.openedAt) ||
    a.caseId.localeCompare(b.caseId)
  );
}

/** Days as YYYY-MM-DD compare as text; a missing day sorts last. */
function compareNullableDays(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
