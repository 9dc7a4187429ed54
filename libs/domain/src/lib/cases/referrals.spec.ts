import { REGION_KINDS } from '../regions';
import { ROLES } from '../roles';
import { CASE_STATES, isOpenState } from './lifecycle';
import {
  checkReferralAction,
  departmentResponsibleLevel,
  isReferralDepartmentRegion,
  REFERRAL_ACTION_NAMES,
  REFERRAL_ACTIONS,
  REFERRAL_NEEDS,
  REFERRAL_STATUSES,
} from './referrals';

const NOW = new Date('2026-06-01T02:00:00Z');

function validInput(name: (typeof REFERRAL_ACTION_NAMES)[number]): Record<string, string> {
  return Object.fromEntries(
    REFERRAL_ACTIONS[name].fields.map((f) => [f.field, f.kind === 'code' ? f.codes[0] : 'noted']),
  );
}

describe.each(REFERRAL_ACTION_NAMES)('referral action %s', (name) => {
  const action = REFERRAL_ACTIONS[name];
  const states = CASE_STATES.filter((s) => isOpenState(s) || !action.needsOpenCase);

  it('is allowed from its status for permitted roles', () => {
    for (const state of states) {
      for (const role of action.roles) {
        expect(checkReferralAction(name, state, action.from, role, validInput(name), NOW)).toEqual({
          ok: true,
        });
      }
    }
  });

  it('is illegal from any other status', () => {
    for (const status of [null, ...REFERRAL_STATUSES].filter((s) => s !== action.from)) {
      expect(
        checkReferralAction(name, 'persuading', status, action.roles[0], validInput(name), NOW),
      ).toMatchObject({ kind: 'illegal', problems: [{ field: 'status' }] });
    }
  });

  it('needs an open case only where it says so', () => {
    for (const state of CASE_STATES.filter((s) => !isOpenState(s))) {
      const check = checkReferralAction(name, state, action.from, action.roles[0], validInput(name), NOW);
      if (action.needsOpenCase)
        expect(check).toMatchObject({ kind: 'illegal', problems: [{ field: 'case' }] });
      else expect(check).toEqual({ ok: true });
    }
  });

  it('is forbidden for other roles', () => {
    for (const role of ROLES.filter((r) => !action.roles.includes(r))) {
      expect(checkReferralAction(name, 'persuading', action.from, role, validInput(name), NOW)).toMatchObject(
        { kind: 'forbidden' },
      );
    }
  });

  it('names each missing field', () => {
    for (const { field } of action.fields) {
      const input = validInput(name);
      delete input[field];
      expect(checkReferralAction(name, 'persuading', action.from, action.roles[0], input, NOW)).toMatchObject(
        { kind: 'invalid', problems: [{ field, rule: 'required' }] },
      );
    }
  });
});

describe('referral rules', () => {
  it('only liaisons answer, and never the admin refers', () => {
    expect(REFERRAL_ACTIONS.refer.roles).not.toContain('department_liaison');
    expect(REFERRAL_ACTIONS.refer.roles).not.toContain('admin');
    for (const name of REFERRAL_ACTION_NAMES.filter((n) => n !== 'refer'))
      expect(REFERRAL_ACTIONS[name].roles).toEqual(['department_liaison']);
  });

  it('refuses an unknown need', () => {
    expect(
      checkReferralAction(
        'refer',
        'verifying',
        null,
        'bureau_officer',
        { ...validInput('refer'), need: 'x' },
        NOW,
      ),
    ).toMatchObject({ kind: 'invalid', problems: [{ field: 'need', rule: 'one_of' }] });
    expect(REFERRAL_NEEDS).toContain('trace_whereabouts');
  });

  it('places departments at county level or below, joining on their level', () => {
    expect(REGION_KINDS.filter(isReferralDepartmentRegion)).toEqual(['county', 'zone', 'town', 'village']);
    expect(departmentResponsibleLevel('zone')).toBe('county');
    expect(departmentResponsibleLevel('county')).toBe('county');
    expect(departmentResponsibleLevel('town')).toBe('town');
  });
});
