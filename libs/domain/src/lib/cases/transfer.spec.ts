import { countyPathOf } from '../regions';
import { ROLES } from '../roles';
import { CASE_STATES, isOpenState } from './lifecycle';
import {
  checkTransferAction,
  checkTransferTarget,
  TRANSFER_ACTION_NAMES,
  TRANSFER_ACTIONS,
} from './transfer';

const NOW = new Date('2026-06-01T02:00:00Z');

function validInput(name: (typeof TRANSFER_ACTION_NAMES)[number]): Record<string, string> {
  return Object.fromEntries(TRANSFER_ACTIONS[name].fields.map((f) => [f.field, 'noted']));
}

describe.each(TRANSFER_ACTION_NAMES)('transfer action %s', (name) => {
  const action = TRANSFER_ACTIONS[name];

  it('is allowed on every open case for permitted roles, keeping the state out of it', () => {
    for (const state of CASE_STATES.filter(isOpenState)) {
      for (const role of action.roles) {
        expect(checkTransferAction(name, state, action.needsPending, role, validInput(name), NOW)).toEqual({
          ok: true,
        });
      }
    }
  });

  it('is illegal on a case that is not open, or with the wrong pending status', () => {
    const role = action.roles[0];
    for (const state of CASE_STATES.filter((s) => !isOpenState(s))) {
      expect(
        checkTransferAction(name, state, action.needsPending, role, validInput(name), NOW),
      ).toMatchObject({
        kind: 'illegal',
      });
    }
    expect(
      checkTransferAction(name, 'persuading', !action.needsPending, role, validInput(name), NOW),
    ).toMatchObject({ kind: 'illegal' });
  });

  it('is forbidden for other roles', () => {
    for (const role of ROLES.filter((r) => !action.roles.includes(r))) {
      expect(
        checkTransferAction(name, 'persuading', action.needsPending, role, validInput(name), NOW),
      ).toMatchObject({ kind: 'forbidden' });
    }
  });

  it('names each missing field', () => {
    for (const { field } of action.fields) {
      const input = validInput(name);
      delete input[field];
      expect(
        checkTransferAction(name, 'persuading', action.needsPending, action.roles[0], input, NOW),
      ).toMatchObject({ kind: 'invalid', problems: [{ field, rule: 'required' }] });
    }
  });
});

describe('transfer target', () => {
  const zoneTown = '/37/3708/Z370800001/370829104/370829104001/';

  it('is the county-level part of a path', () => {
    expect(countyPathOf(zoneTown)).toBe('/37/3708/Z370800001/');
    expect(countyPathOf('/37/3708/370829/')).toBe('/37/3708/370829/');
    expect(countyPathOf('/37/3708/')).toBeNull();
  });

  it('must be a county or zone other than the case’s own', () => {
    expect(checkTransferTarget(zoneTown, { kind: 'county', path: '/37/3708/370829/' })).toBeNull();
    expect(checkTransferTarget(zoneTown, { kind: 'zone', path: '/37/3708/Z370800002/' })).toBeNull();
    expect(checkTransferTarget(zoneTown, { kind: 'zone', path: '/37/3708/Z370800001/' })).toMatchObject({
      field: 'toRegionId',
      rule: 'otherCounty',
    });
    for (const kind of ['province', 'city', 'town', 'village'] as const) {
      expect(checkTransferTarget(zoneTown, { kind, path: '/37/3709/' })).toMatchObject({
        field: 'toRegionId',
        rule: 'countyLevel',
      });
    }
  });
});
