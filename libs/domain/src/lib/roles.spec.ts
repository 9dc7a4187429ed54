import { ORGANISATION_TYPES, roleFitsOrganisation, ROLES_BY_ORGANISATION_TYPE } from './organisations';
import { hasPermission, permissionsOf, ROLE_LABELS, ROLES } from './roles';
import { scopeCovers } from './scope';

describe('roles, permissions and scopes', () => {
  it('labels every role in both languages', () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(ROLE_LABELS[role].en.length).toBeGreaterThan(0);
    }
  });

  it('lets only admins manage users and organisations', () => {
    for (const role of ROLES) {
      expect(hasPermission(role, 'users.manage')).toBe(role === 'admin');
      expect(hasPermission(role, 'organisations.manage')).toBe(role === 'admin');
    }
    expect(permissionsOf('village_official')).toEqual(['children.read', 'figures.read']);
    expect(hasPermission('department_liaison', 'figures.read')).toBe(false);
    expect(hasPermission('school_staff', 'reports.submit')).toBe(false);
    expect(hasPermission('admin', 'children.read')).toBe(false);
    expect(hasPermission('department_liaison', 'children.read')).toBe(false);
  });

  it('gives every role an organisation type it fits', () => {
    for (const role of ROLES) {
      expect(ORGANISATION_TYPES.some((type) => roleFitsOrganisation(role, type))).toBe(true);
    }
    expect(ROLES_BY_ORGANISATION_TYPE.school).toEqual(['school_staff']);
    expect(roleFitsOrganisation('village_official', 'department')).toBe(false);
  });

  it('covers a subtree for a region scope and one school for a school scope', () => {
    const zone = { kind: 'region', regionId: 'z', regionPath: '/37/3708/Z370800001/' } as const;
    expect(scopeCovers(zone, { path: '/37/3708/Z370800001/370829104/370829104001/' })).toBe(true);
    expect(scopeCovers(zone, { path: '/37/3708/370829/370829101/' })).toBe(false);
    // A sibling whose code merely starts the same is not inside.
    expect(
      scopeCovers(
        { kind: 'region', regionId: 't', regionPath: '/37/3708/370829/' },
        { path: '/37/3708/3708291/' },
      ),
    ).toBe(false);
    const school = { kind: 'school', schoolId: 's1', regionPath: '/37/3708/Z370800001/370829104/' } as const;
    expect(scopeCovers(school, { path: school.regionPath, schoolId: 's1' })).toBe(true);
    expect(scopeCovers(school, { path: school.regionPath, schoolId: 's2' })).toBe(false);
  });
});
