import type { InterventionLocation, RecordInterventionRequest } from '@baoxue/contracts';
import { addDays, InterventionKind, InterventionOutcome, Label } from '@baoxue/domain';

/** The kinds a village official records on the spot; the desk's forms keep the others. */
export const VISIT_KINDS: readonly InterventionKind[] = ['home_visit', 'phone_call', 'joint_visit'];

/** Quick picks for the next follow-up, counted from the visit's day. */
export const FOLLOW_UP_PICKS: readonly { days: number; label: Label }[] = [
  { days: 3, label: { zh: '3 天', en: '3 days' } },
  { days: 7, label: { zh: '1 周', en: '1 week' } },
  { days: 14, label: { zh: '2 周', en: '2 weeks' } },
];

/** The API's limits (RecordInterventionDto). */
export const PEOPLE_PRESENT_MAX = 500;
export const NOTES_MAX = 4000;

export interface VisitDraft {
  kind: InterventionKind;
  /** YYYY-MM-DD */
  occurredOn: string;
  outcome: InterventionOutcome | null;
  peoplePresent: string;
  notes: string;
  /** YYYY-MM-DD or ''. */
  nextFollowUpOn: string;
  location: InterventionLocation | null;
}

export type VisitField = 'occurredOn' | 'nextFollowUpOn' | 'peoplePresent' | 'notes';
export type VisitProblems = Partial<Record<VisitField, Label>>;

export function emptyVisit(today: string): VisitDraft {
  return {
    kind: 'home_visit',
    occurredOn: today,
    outcome: null,
    peoplePresent: '',
    notes: '',
    nextFollowUpOn: '',
    location: null,
  };
}

/** The follow-up day a quick pick sets. */
export function followUpOn(occurredOn: string, days: number): string {
  return addDays(occurredOn, days);
}

/** What stops the visit from being queued: the rules the API would refuse it for, said early. */
export function visitProblems(draft: VisitDraft, today: string): VisitProblems {
  const problems: VisitProblems = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.occurredOn))
    problems.occurredOn = { zh: '请选择家访日期', en: 'Choose the day of the visit' };
  else if (draft.occurredOn > today)
    problems.occurredOn = { zh: '家访日期不能晚于今天', en: 'The visit cannot be in the future' };
  if (draft.nextFollowUpOn && draft.occurredOn && draft.nextFollowUpOn < draft.occurredOn)
    problems.nextFollowUpOn = {
      zh: '下次跟进日期不能早于家访日期',
      en: 'The next follow-up cannot be before the visit',
    };
  if (draft.peoplePresent.trim().length > PEOPLE_PRESENT_MAX)
    problems.peoplePresent = {
      zh: `在场人员不能超过 ${PEOPLE_PRESENT_MAX} 字`,
      en: `At most ${PEOPLE_PRESENT_MAX} characters`,
    };
  if (draft.notes.trim().length > NOTES_MAX)
    problems.notes = { zh: `情况记录不能超过 ${NOTES_MAX} 字`, en: `At most ${NOTES_MAX} characters` };
  return problems;
}

/** The request to queue: text trimmed, empty fields left out. */
export function visitRequest(draft: VisitDraft, clientId: string): RecordInterventionRequest {
  const request: RecordInterventionRequest = {
    clientId,
    kind: draft.kind,
    occurredOn: draft.occurredOn,
  };
  if (draft.outcome) request.outcome = draft.outcome;
  const peoplePresent = draft.peoplePresent.trim();
  if (peoplePresent) request.peoplePresent = peoplePresent;
  const notes = draft.notes.trim();
  if (notes) request.notes = notes;
  if (draft.nextFollowUpOn) request.nextFollowUpOn = draft.nextFollowUpOn;
  if (draft.location) request.location = draft.location;
  return request;
}

/** Adds a name to the people present (a tap on a guardian), once. */
export function withPerson(peoplePresent: string, name: string): string {
  const names = peoplePresent
    .split(/[、,，]/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.includes(name)) return peoplePresent;
  return [...names, name].join('、');
}
