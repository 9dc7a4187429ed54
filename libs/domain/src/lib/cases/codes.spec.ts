import { LabelTable } from '../labels';
import {
  CASE_REASON_LABELS,
  CASE_REASONS,
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  CASE_TYPE_LABELS,
  CASE_TYPES,
  ESCALATION_STEP_LABELS,
  ESCALATION_STEPS,
  EXCLUSION_REASON_LABELS,
  EXCLUSION_REASONS,
  highestStep,
  INTERVENTION_KIND_LABELS,
  INTERVENTION_KINDS,
  INTERVENTION_OUTCOME_LABELS,
  INTERVENTION_OUTCOMES,
  isLevelOf,
  isPersuasionAttempt,
  LEVEL_LABELS,
  LEVELS,
  LINE_LABELS,
  LINE_LEVELS,
  LINES,
  PARTIES,
  PARTY_LABELS,
  PLACEMENT_TYPE_LABELS,
  PLACEMENT_TYPES,
  RETURN_MODE_LABELS,
  RETURN_MODES,
  ROLE_PARTY,
} from './codes';
import { ROLES } from '../roles';

const tables: [string, readonly string[], LabelTable<string>][] = [
  ['case types', CASE_TYPES, CASE_TYPE_LABELS],
  ['sources', CASE_SOURCES, CASE_SOURCE_LABELS],
  ['reasons', CASE_REASONS, CASE_REASON_LABELS],
  ['exclusion reasons', EXCLUSION_REASONS, EXCLUSION_REASON_LABELS],
  ['return modes', RETURN_MODES, RETURN_MODE_LABELS],
  ['placement types', PLACEMENT_TYPES, PLACEMENT_TYPE_LABELS],
  ['escalation steps', ESCALATION_STEPS, ESCALATION_STEP_LABELS],
  ['intervention kinds', INTERVENTION_KINDS, INTERVENTION_KIND_LABELS],
  ['intervention outcomes', INTERVENTION_OUTCOMES, INTERVENTION_OUTCOME_LABELS],
  ['parties', PARTIES, PARTY_LABELS],
  ['lines', LINES, LINE_LABELS],
  ['levels', LEVELS, LEVEL_LABELS],
];

describe('case codes', () => {
  it.each(tables)('labels every one of the %s in both languages', (_, codes, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(labels[code].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(labels[code].en.length).toBeGreaterThan(0);
    }
  });

  it('gives the ladder step reached, ignoring support measures', () => {
    expect(highestStep([])).toBeNull();
    expect(highestStep(['subsidy', 'check_in', 'guardian_commitment'])).toBeNull();
    expect(highestStep(['phone_call', 'written_order', 'joint_visit'])).toBe('written_order');
    expect(highestStep(['legal_action', 'home_visit'])).toBe('legal_action');
    expect(isPersuasionAttempt('home_visit')).toBe(true);
    expect(isPersuasionAttempt('tutoring')).toBe(false);
  });

  it('puts every ladder step within reach of some intervention', () => {
    for (const step of ESCALATION_STEPS) {
      expect(INTERVENTION_KINDS.some((k) => highestStep([k]) === step)).toBe(true);
    }
  });

  it('splits the levels between the two lines', () => {
    expect([...LINE_LEVELS.government, ...LINE_LEVELS.education].sort()).toEqual([...LEVELS].sort());
    expect(isLevelOf('government', 'village')).toBe(true);
    expect(isLevelOf('education', 'village')).toBe(false);
  });

  it('gives every role the party it acts for, the bureau on the school line', () => {
    expect(Object.keys(ROLE_PARTY).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(PARTIES).toContain(ROLE_PARTY[role]);
    expect(ROLE_PARTY.school_staff).toBe('school');
    expect(ROLE_PARTY.village_official).toBe('village');
    expect(ROLE_PARTY.government_official).toBe('government');
    expect(ROLE_PARTY.department_liaison).toBe('department');
    expect(ROLE_PARTY.bureau_officer).toBe('school');
    expect(ROLE_PARTY.bureau_leader).toBe('school');
  });
});
