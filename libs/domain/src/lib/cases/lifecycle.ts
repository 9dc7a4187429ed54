import { LabelTable } from '../labels';
import { Role } from '../roles';
import {
  CaseType,
  EXCLUSION_REASONS,
  Level,
  Line,
  PLACEMENT_TYPES,
  PLACEMENTS_NEEDING_ASSESSMENT,
  RETURN_MODES,
} from './codes';
import { checkFields, FieldInput, FieldRule, FieldProblem } from './fields';
import { CaseSettings, chinaToday, daysBetween, DEFAULT_CASE_SETTINGS } from './settings';

/** Case states (DOMAIN.md §3). */
export const CASE_STATES = [
  'suspected',
  'verifying',
  'excluded',
  'persuading',
  'monitoring',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: LabelTable<CaseState> = {
  suspected: { zh: '疑似辍学', en: 'Suspected' },
  verifying: { zh: '核查中', en: 'Verifying' },
  excluded: { zh: '核查排除', en: 'Excluded' },
  persuading: { zh: '劝返中', en: 'Persuading' },
  monitoring: { zh: '巩固跟踪', en: 'Monitoring' },
  closed: { zh: '已销号', en: 'Closed' },
};

/**
 * Open = the child may be out of school and work is due; at most one per child.
 * `excluded` is not open (verification found no dropout, so a new case may be opened)
 * but it is not yet struck off: a bureau officer or leader reviews the evidence and
 * closes it (close_excluded), so `closed` stays the single end of every ledger entry.
 */
export const OPEN_STATES: readonly CaseState[] = ['suspected', 'verifying', 'persuading', 'monitoring'];

export function isOpenState(state: CaseState): boolean {
  return OPEN_STATES.includes(state);
}

/**
 * The levels a responsible person must hold before persuasion starts: someone on the
 * ground on each line, the government line at town or village level and the education
 * line at school or teacher level (a county head or the bureau alone does not count).
 */
export const PERSUASION_RESPONSIBLE_LEVELS: Readonly<Record<Line, readonly Level[]>> = {
  government: ['town', 'village', 'village_group'],
  education: ['school', 'grade', 'class'],
};

/** Who requested closing, as seen by the person acting now (四眼原则: not the approver). */
export type ClosingRequester = 'caller' | 'someone_else';

/** What the rules need to know about a case; the API builds it from its records. */
export interface CaseSnapshot {
  state: CaseState;
  type: CaseType;
  /** Return or placement date (YYYY-MM-DD) that started monitoring; null before. */
  monitoringStartedOn: string | null;
  /** An active responsible person on the government line at a PERSUASION_RESPONSIBLE_LEVELS level. */
  hasGovernmentLineResponsible: boolean;
  /** An active responsible person on the education line at a PERSUASION_RESPONSIBLE_LEVELS level. */
  hasEducationLineResponsible: boolean;
  hasGuardian: boolean;
  /** Recorded interventions on the escalation ladder (isPersuasionAttempt). */
  persuasionInterventions: number;
  /** A closing request awaits a bureau officer's or leader's decision. */
  closingRequested: boolean;
  /** Who made the pending closing request; null when none is pending or the requester is unknown. */
  closingRequestedBy: ClosingRequester | null;
  /** The child has another open case, so this one cannot be reopened. */
  childHasOtherOpenCase: boolean;
}

export const GUARD_NAMES = [
  'government_line_responsible',
  'education_line_responsible',
  'guardian_recorded',
  'monitoring_window_passed',
  'persuasion_trail',
  'closing_not_requested',
  'closing_requested',
  'another_approver',
  'no_other_open_case',
] as const;
export type GuardName = (typeof GUARD_NAMES)[number];

interface Guard {
  /** The snapshot field the guard reads, reported as the problem's field. */
  field: keyof CaseSnapshot;
  message: string;
  holds(snapshot: CaseSnapshot, today: string, settings: CaseSettings): boolean;
}

/** Preconditions on the case (not on the input); unmet ones block a transition. */
export const GUARDS: Readonly<Record<GuardName, Guard>> = {
  government_line_responsible: {
    field: 'hasGovernmentLineResponsible',
    message: 'a responsible person on the government line at town or village level must be assigned',
    holds: (s) => s.hasGovernmentLineResponsible,
  },
  education_line_responsible: {
    field: 'hasEducationLineResponsible',
    message: 'a responsible person on the education line at school or teacher level must be assigned',
    holds: (s) => s.hasEducationLineResponsible,
  },
  guardian_recorded: {
    field: 'hasGuardian',
    message: 'a guardian must be recorded',
    holds: (s) => s.hasGuardian,
  },
  monitoring_window_passed: {
    field: 'monitoringStartedOn',
    message: 'the monitoring window has not passed',
    holds: (s, today, settings) =>
      s.monitoringStartedOn !== null &&
      daysBetween(s.monitoringStartedOn, today) >= settings.monitoringWindowDays,
  },
  persuasion_trail: {
    field: 'persuasionInterventions',
    message: 'at least one persuasion intervention must be recorded',
    holds: (s) => s.persuasionInterventions > 0,
  },
  closing_not_requested: {
    field: 'closingRequested',
    message: 'closing has already been requested',
    holds: (s) => !s.closingRequested,
  },
  closing_requested: {
    field: 'closingRequested',
    message: 'closing has not been requested',
    holds: (s) => s.closingRequested,
  },
  another_approver: {
    field: 'closingRequestedBy',
    message: 'closing must be approved by someone other than the person who requested it',
    holds: (s) => s.closingRequestedBy !== 'caller',
  },
  no_other_open_case: {
    field: 'childHasOtherOpenCase',
    message: 'the child has another open case',
    holds: (s) => !s.childHasOtherOpenCase,
  },
};

export const TRANSITION_NAMES = [
  'start_verification',
  'exclude',
  'confirm_dropout',
  'record_return',
  'record_placement',
  'relapse',
  'request_closing',
  'approve_closing',
  'reject_closing',
  'close_excluded',
  'reopen',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

export interface Transition {
  name: TransitionName;
  from: readonly CaseState[];
  to: CaseState;
  roles: readonly Role[];
  fields: readonly FieldRule[];
  guards: readonly GuardName[];
  /** The input date that starts the monitoring window. */
  startsMonitoringFrom?: string;
}

// admin administers the system and never acts on cases; department liaisons act on
// referrals, not on the lifecycle.
const FIELD_WORKERS: readonly Role[] = ['village_official', 'school_staff', 'bureau_officer'];
const APPROVERS: readonly Role[] = ['bureau_officer', 'bureau_leader'];

/**
 * The lifecycle, once. Closing is request → approve | reject on a `closingRequested`
 * flag while the case stays `monitoring`: the child is still watched, check-ins stay
 * due, and a relapse during the request must still be possible (and cancels it).
 */
export const TRANSITIONS: Readonly<Record<TransitionName, Transition>> = {
  start_verification: {
    name: 'start_verification',
    from: ['suspected'],
    to: 'verifying',
    roles: FIELD_WORKERS,
    fields: [],
    guards: [],
  },
  exclude: {
    name: 'exclude',
    from: ['verifying'],
    to: 'excluded',
    roles: FIELD_WORKERS,
    fields: [
      { field: 'exclusionReason', kind: 'code', codes: EXCLUSION_REASONS },
      { field: 'evidenceNote', kind: 'text' },
    ],
    guards: [],
  },
  confirm_dropout: {
    name: 'confirm_dropout',
    from: ['verifying'],
    to: 'persuading',
    roles: FIELD_WORKERS,
    fields: [],
    guards: ['government_line_responsible', 'education_line_responsible', 'guardian_recorded'],
  },
  record_return: {
    name: 'record_return',
    from: ['persuading'],
    to: 'monitoring',
    roles: FIELD_WORKERS,
    fields: [
      { field: 'returnSchoolId', kind: 'text' },
      { field: 'returnDate', kind: 'date', notFuture: true },
      { field: 'returnMode', kind: 'code', codes: RETURN_MODES },
    ],
    guards: [],
    startsMonitoringFrom: 'returnDate',
  },
  record_placement: {
    name: 'record_placement',
    from: ['persuading'],
    to: 'monitoring',
    roles: ['school_staff', 'bureau_officer'],
    fields: [
      { field: 'placementType', kind: 'code', codes: PLACEMENT_TYPES },
      { field: 'placementDate', kind: 'date', notFuture: true },
      { field: 'placementEvidence', kind: 'text' },
      {
        field: 'assessmentNote',
        kind: 'text',
        when: { field: 'placementType', in: PLACEMENTS_NEEDING_ASSESSMENT },
      },
    ],
    guards: [],
    startsMonitoringFrom: 'placementDate',
  },
  relapse: {
    name: 'relapse',
    from: ['monitoring'],
    to: 'persuading',
    roles: FIELD_WORKERS,
    fields: [{ field: 'note', kind: 'text' }],
    guards: [],
  },
  request_closing: {
    name: 'request_closing',
    from: ['monitoring'],
    to: 'monitoring',
    roles: FIELD_WORKERS,
    fields: [],
    guards: ['monitoring_window_passed', 'persuasion_trail', 'closing_not_requested'],
  },
  approve_closing: {
    name: 'approve_closing',
    from: ['monitoring'],
    to: 'closed',
    roles: APPROVERS,
    fields: [],
    guards: ['closing_requested', 'another_approver', 'monitoring_window_passed', 'persuasion_trail'],
  },
  reject_closing: {
    name: 'reject_closing',
    from: ['monitoring'],
    to: 'monitoring',
    roles: APPROVERS,
    fields: [{ field: 'comment', kind: 'text' }],
    guards: ['closing_requested'],
  },
  close_excluded: {
    name: 'close_excluded',
    from: ['excluded'],
    to: 'closed',
    roles: APPROVERS,
    fields: [],
    guards: [],
  },
  // Reopening re-establishes the facts, so it goes back to verification; a child who
  // drops out again after a proper closing gets a new case instead (DOMAIN.md §1).
  reopen: {
    name: 'reopen',
    from: ['excluded', 'closed'],
    to: 'verifying',
    roles: APPROVERS,
    fields: [{ field: 'reason', kind: 'text' }],
    guards: ['no_other_open_case'],
  },
};

export const TRANSITION_LABELS: LabelTable<TransitionName> = {
  start_verification: { zh: '开始核查', en: 'Start verification' },
  exclude: { zh: '核查排除', en: 'Exclude' },
  confirm_dropout: { zh: '确认辍学', en: 'Confirm dropout' },
  record_return: { zh: '登记复学', en: 'Record return' },
  record_placement: { zh: '登记安置', en: 'Record placement' },
  relapse: { zh: '再次辍学', en: 'Relapse' },
  request_closing: { zh: '申请销号', en: 'Request closing' },
  approve_closing: { zh: '批准销号', en: 'Approve closing' },
  reject_closing: { zh: '驳回销号', en: 'Reject closing' },
  close_excluded: { zh: '排除销号', en: 'Close excluded case' },
  reopen: { zh: '重新打开', en: 'Reopen' },
};

export function isTransitionName(value: unknown): value is TransitionName {
  return typeof value === 'string' && (TRANSITION_NAMES as readonly string[]).includes(value);
}

export interface AllowedTransition {
  transition: Transition;
  /** Guards not met now: the web shows the action disabled with these reasons. */
  unmet: FieldProblem[];
}

function unmetGuards(t: Transition, s: CaseSnapshot, today: string, settings: CaseSettings): FieldProblem[] {
  return t.guards
    .filter((g) => !GUARDS[g].holds(s, today, settings))
    .map((g) => ({ field: GUARDS[g].field, rule: g, message: GUARDS[g].message }));
}

/** The transitions this role may take from the case's state, with any unmet guards. */
export function allowedTransitions(
  snapshot: CaseSnapshot,
  role: Role,
  now: Date,
  settings: CaseSettings = DEFAULT_CASE_SETTINGS,
): AllowedTransition[] {
  const today = chinaToday(now);
  return TRANSITION_NAMES.map((name) => TRANSITIONS[name])
    .filter((t) => t.from.includes(snapshot.state) && t.roles.includes(role))
    .map((transition) => ({ transition, unmet: unmetGuards(transition, snapshot, today, settings) }));
}

/**
 * Why a transition is refused. The API maps illegal and blocked to 409, forbidden to
 * 403 and invalid to 400; `allowed` is what this role may take from the current state.
 * - illegal: not from this state (or no such transition);
 * - forbidden: the role may not take it;
 * - blocked: the case does not meet a guard yet (e.g. monitoring window);
 * - invalid: the input lacks or breaks a required field.
 */
export type RefusalKind = 'illegal' | 'forbidden' | 'blocked' | 'invalid';
export type TransitionCheck =
  { ok: true } | { ok: false; kind: RefusalKind; allowed: TransitionName[]; problems: FieldProblem[] };

export function checkTransition(
  name: string,
  snapshot: CaseSnapshot,
  role: Role,
  input: FieldInput,
  now: Date,
  settings: CaseSettings = DEFAULT_CASE_SETTINGS,
): TransitionCheck {
  const today = chinaToday(now);
  const allowed = allowedTransitions(snapshot, role, now, settings).map((a) => a.transition.name);
  const refuse = (kind: RefusalKind, problems: FieldProblem[]): TransitionCheck => ({
    ok: false,
    kind,
    allowed,
    problems,
  });
  if (!isTransitionName(name) || !TRANSITIONS[name].from.includes(snapshot.state)) {
    return refuse('illegal', [
      { field: 'transition', rule: 'illegal', message: `${name} is not allowed from ${snapshot.state}` },
    ]);
  }
  const t = TRANSITIONS[name];
  if (!t.roles.includes(role)) {
    return refuse('forbidden', [{ field: 'role', rule: 'forbidden', message: `${role} may not ${name}` }]);
  }
  const unmet = unmetGuards(t, snapshot, today, settings);
  if (unmet.length > 0) return refuse('blocked', unmet);
  const problems = checkFields(t.fields, input, today);
  return problems.length > 0 ? refuse('invalid', problems) : { ok: true };
}

/** The snapshot after a checked transition; the API persists the same changes. */
export function applyTransition(
  snapshot: CaseSnapshot,
  name: TransitionName,
  input: FieldInput,
): CaseSnapshot {
  const t = TRANSITIONS[name];
  const start = t.startsMonitoringFrom ? (input[t.startsMonitoringFrom] as string) : undefined;
  return {
    ...snapshot,
    state: t.to,
    // Every other transition settles a pending request: approved, rejected or relapsed.
    closingRequested: name === 'request_closing',
    closingRequestedBy: name === 'request_closing' ? 'caller' : null,
    monitoringStartedOn: start ?? (t.to === 'monitoring' ? snapshot.monitoringStartedOn : null),
  };
}
