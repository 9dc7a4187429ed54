import { ROLES } from '../roles';
import {
  allowedTransitions,
  applyTransition,
  CASE_STATE_LABELS,
  CASE_STATES,
  CaseSnapshot,
  CaseState,
  checkTransition,
  GuardName,
  GUARDS,
  isOpenState,
  PERSUASION_RESPONSIBLE_LEVELS,
  Transition,
  TRANSITION_LABELS,
  TRANSITION_NAMES,
  TRANSITIONS,
} from './lifecycle';
import { LINE_LEVELS, LINES } from './codes';
import { caseSettings } from './settings';

const NOW = new Date('2026-06-01T02:00:00Z');

/** A case that meets every guard of `t` (closing requested only where a guard wants it). */
function readyCase(state: CaseState, t?: Transition): CaseSnapshot {
  return {
    state,
    type: 'suspected_dropout',
    monitoringStartedOn: '2026-01-02',
    hasGovernmentLineResponsible: true,
    hasEducationLineResponsible: true,
    hasGuardian: true,
    persuasionInterventions: 2,
    closingRequested: t?.guards.includes('closing_requested') ?? false,
    closingRequestedBy: t?.guards.includes('closing_requested') ? 'someone_else' : null,
    childHasOtherOpenCase: false,
  };
}

/** Input filling every field of `t`, conditional ones included. */
function validInput(t: Transition): Record<string, string> {
  const input: Record<string, string> = {};
  for (const rule of t.fields) {
    input[rule.field] = rule.kind === 'code' ? rule.codes[0] : rule.kind === 'date' ? '2026-05-20' : 'noted';
  }
  for (const rule of t.fields) if (rule.when) input[rule.when.field] = rule.when.in[0];
  return input;
}

/** How to break each guard; typed by GuardName so a new guard needs an entry here. */
const BREAK_GUARD: Record<GuardName, Partial<CaseSnapshot>> = {
  government_line_responsible: { hasGovernmentLineResponsible: false },
  education_line_responsible: { hasEducationLineResponsible: false },
  guardian_recorded: { hasGuardian: false },
  monitoring_window_passed: { monitoringStartedOn: '2026-04-01' },
  persuasion_trail: { persuasionInterventions: 0 },
  closing_not_requested: { closingRequested: true },
  closing_requested: { closingRequested: false },
  another_approver: { closingRequestedBy: 'caller' },
  no_other_open_case: { childHasOtherOpenCase: true },
};

const transitions = TRANSITION_NAMES.map((name) => TRANSITIONS[name]);

describe.each(transitions.map((t) => [t.name, t] as const))('transition %s', (name, t) => {
  const allowedOf = (snapshot: CaseSnapshot, role: (typeof ROLES)[number]) =>
    allowedTransitions(snapshot, role, NOW).map((a) => a.transition.name);

  it('is allowed from each of its states for each permitted role with valid input', () => {
    for (const state of t.from) {
      for (const role of t.roles) {
        const snapshot = readyCase(state, t);
        expect(checkTransition(name, snapshot, role, validInput(t), NOW)).toEqual({ ok: true });
        const listed = allowedTransitions(snapshot, role, NOW).find((a) => a.transition.name === name);
        expect(listed?.unmet).toEqual([]);
        expect(applyTransition(snapshot, name, validInput(t)).state).toBe(t.to);
      }
    }
  });

  const otherStates = CASE_STATES.filter((s) => !t.from.includes(s));
  const otherRoles = ROLES.filter((r) => !t.roles.includes(r));
  const fields = t.fields.map((f) => f.field);
  const guards = [...t.guards];

  // Plain loops, not it.each: a transition without fields or guards has an empty table.
  for (const state of otherStates)
    it(`is illegal from ${state}, listing the allowed ones`, () => {
      for (const role of ROLES) {
        const snapshot = readyCase(state, t);
        const result = checkTransition(name, snapshot, role, validInput(t), NOW);
        expect(result).toMatchObject({ ok: false, kind: 'illegal', allowed: allowedOf(snapshot, role) });
        expect(allowedOf(snapshot, role)).not.toContain(name);
      }
    });

  for (const role of otherRoles)
    it(`is forbidden for ${role}`, () => {
      for (const state of t.from) {
        const snapshot = readyCase(state, t);
        const result = checkTransition(name, snapshot, role, validInput(t), NOW);
        expect(result).toMatchObject({ ok: false, kind: 'forbidden', allowed: allowedOf(snapshot, role) });
      }
    });

  for (const field of fields)
    it(`is invalid without ${field}, naming it`, () => {
      const input = validInput(t);
      delete input[field];
      const result = checkTransition(name, readyCase(t.from[0], t), t.roles[0], input, NOW);
      expect(result).toMatchObject({
        ok: false,
        kind: 'invalid',
        problems: [{ field, rule: 'required', message: `${field} is required` }],
      });
    });

  for (const guard of guards)
    it(`is blocked while ${guard} is unmet, and says so when listed`, () => {
      const snapshot = { ...readyCase(t.from[0], t), ...BREAK_GUARD[guard] };
      const result = checkTransition(name, snapshot, t.roles[0], validInput(t), NOW);
      expect(result).toMatchObject({
        ok: false,
        kind: 'blocked',
        problems: [{ field: GUARDS[guard].field, rule: guard }],
      });
      const listed = allowedTransitions(snapshot, t.roles[0], NOW).find((a) => a.transition.name === name);
      expect(listed?.unmet.map((p) => p.rule)).toEqual([guard]);
    });
});

describe('the lifecycle table', () => {
  it('labels every state and transition in both languages', () => {
    for (const state of CASE_STATES) expect(CASE_STATE_LABELS[state].zh).toMatch(/[\u4e00-\u9fff]/);
    for (const name of TRANSITION_NAMES) expect(TRANSITION_LABELS[name].zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('never lets admin or a department liaison act, and leaves approvals to the bureau', () => {
    for (const t of transitions) {
      expect(t.roles).not.toContain('admin');
      expect(t.roles).not.toContain('department_liaison');
    }
    for (const name of ['approve_closing', 'reject_closing', 'close_excluded', 'reopen'] as const) {
      expect([...TRANSITIONS[name].roles].sort()).toEqual(['bureau_leader', 'bureau_officer']);
    }
  });

  it('wants persuasion responsibles on the ground: town or village, school or teacher', () => {
    for (const line of LINES)
      for (const level of PERSUASION_RESPONSIBLE_LEVELS[line]) expect(LINE_LEVELS[line]).toContain(level);
    expect(PERSUASION_RESPONSIBLE_LEVELS.government).toEqual(['town', 'village', 'village_group']);
    expect(PERSUASION_RESPONSIBLE_LEVELS.education).toEqual(['school', 'grade', 'class']);
  });

  it('treats excluded and closed as not open', () => {
    expect(CASE_STATES.filter(isOpenState)).toEqual(['suspected', 'verifying', 'persuading', 'monitoring']);
  });

  it('refuses an unknown transition as illegal', () => {
    const result = checkTransition('teleport', readyCase('suspected'), 'bureau_officer', {}, NOW);
    expect(result).toMatchObject({ ok: false, kind: 'illegal', allowed: ['start_verification'] });
  });
});

describe('field rules', () => {
  const place = TRANSITIONS.record_placement;
  const base = readyCase('persuading');

  it('asks for an assessment only for home teaching and exemption', () => {
    const input = {
      placementType: 'special_school',
      placementDate: '2026-05-01',
      placementEvidence: 'admission letter',
    };
    expect(checkTransition(place.name, base, 'bureau_officer', input, NOW)).toEqual({ ok: true });
    const home = { ...input, placementType: 'home_teaching' };
    expect(checkTransition(place.name, base, 'bureau_officer', home, NOW)).toMatchObject({
      kind: 'invalid',
      problems: [{ field: 'assessmentNote', rule: 'required' }],
    });
  });

  it('rejects unknown codes, malformed dates, future dates and blank text', () => {
    const input = { returnSchoolId: '  ', returnDate: '2026-02-30', returnMode: 'somewhere' };
    const result = checkTransition('record_return', base, 'school_staff', input, NOW);
    expect(result).toMatchObject({
      kind: 'invalid',
      problems: [
        { field: 'returnSchoolId', rule: 'required' },
        { field: 'returnDate', rule: 'date' },
        { field: 'returnMode', rule: 'one_of' },
      ],
    });
    // 2026-06-02 is tomorrow in China at NOW (10:00 Beijing time).
    const future = { returnSchoolId: 's1', returnDate: '2026-06-02', returnMode: 'inclusive' };
    expect(checkTransition('record_return', base, 'school_staff', future, NOW)).toMatchObject({
      problems: [{ field: 'returnDate', rule: 'not_future' }],
    });
    expect(
      checkTransition('relapse', readyCase('monitoring'), 'school_staff', { note: 42 }, NOW),
    ).toMatchObject({
      problems: [{ field: 'note', rule: 'text' }],
    });
  });
});

describe('closing', () => {
  const monitoring = { ...readyCase('monitoring'), monitoringStartedOn: '2026-03-03' };

  it('opens the request on the day the window (a setting) has passed', () => {
    expect(checkTransition('request_closing', monitoring, 'school_staff', {}, NOW)).toEqual({ ok: true });
    const longer = caseSettings({ monitoringWindowDays: 120 });
    expect(checkTransition('request_closing', monitoring, 'school_staff', {}, NOW, longer)).toMatchObject({
      kind: 'blocked',
      problems: [{ rule: 'monitoring_window_passed' }],
    });
    const dayBefore = { ...monitoring, monitoringStartedOn: '2026-03-04' };
    expect(checkTransition('request_closing', dayBefore, 'school_staff', {}, NOW)).toMatchObject({
      kind: 'blocked',
    });
  });

  it('keeps the case monitoring while requested; approve closes, reject and relapse withdraw', () => {
    const requested = applyTransition(monitoring, 'request_closing', {});
    expect(requested).toMatchObject({
      state: 'monitoring',
      closingRequested: true,
      closingRequestedBy: 'caller',
    });
    // Four eyes: the requester (a bureau officer may request too) cannot approve it.
    expect(checkTransition('approve_closing', requested, 'bureau_officer', {}, NOW)).toMatchObject({
      kind: 'blocked',
      problems: [{ field: 'closingRequestedBy', rule: 'another_approver' }],
    });
    expect(
      checkTransition('reject_closing', requested, 'bureau_officer', { comment: 'not yet' }, NOW),
    ).toEqual({ ok: true });
    expect(
      checkTransition(
        'approve_closing',
        { ...requested, closingRequestedBy: 'someone_else' },
        'bureau_leader',
        {},
        NOW,
      ),
    ).toEqual({ ok: true });
    expect(applyTransition(requested, 'approve_closing', {})).toMatchObject({
      state: 'closed',
      closingRequested: false,
      closingRequestedBy: null,
    });
    expect(applyTransition(requested, 'reject_closing', { comment: 'one more term' }).closingRequested).toBe(
      false,
    );
    expect(applyTransition(requested, 'relapse', { note: 'absent again' })).toMatchObject({
      state: 'persuading',
      closingRequested: false,
      monitoringStartedOn: null,
    });
  });

  it('starts the monitoring window on the return or placement date', () => {
    const persuading = { ...readyCase('persuading'), monitoringStartedOn: null };
    const input = { returnSchoolId: 's1', returnDate: '2026-05-10', returnMode: 'transfer_class' };
    expect(applyTransition(persuading, 'record_return', input).monitoringStartedOn).toBe('2026-05-10');
  });
});
