import { ROLES, Role } from '@baoxue/domain';
import { aUser } from '../testing/users';
import { visibleNavItems } from './nav-items';

describe(visibleNavItems.name, () => {
  const links = (role: Role): string[] => visibleNavItems(aUser({ role })).map((item) => item.link);

  it.each(ROLES.map((role) => [role, role === 'school_staff' || role === 'village_official'] as const))(
    'offers the absence report to %s: %s',
    (role, shown) => {
      expect(links(role).includes('/cases/report')).toBe(shown);
    },
  );

  it('names the report link nav-report', () => {
    const report = visibleNavItems(aUser({ role: 'school_staff' })).find((i) => i.link === '/cases/report');
    expect(report?.testId).toBe('report');
  });

  it('keeps permission-bound items from roles without the permission', () => {
    expect(links('department_liaison')).not.toContain('/cases');
    expect(links('admin')).toContain('/admin/users');
    expect(links('village_official')).not.toContain('/admin/users');
  });

  it.each(ROLES.map((role) => [role, role !== 'admin' && role !== 'department_liaison'] as const))(
    'offers the dashboard (figures.read) to %s: %s',
    (role, shown) => {
      expect(links(role).includes('/dashboard')).toBe(shown);
    },
  );

  it('names the dashboard link nav-dashboard, in Chinese first', () => {
    const dashboard = visibleNavItems(aUser({ role: 'bureau_leader' })).find((i) => i.link === '/dashboard');
    expect(dashboard?.testId).toBe('dashboard');
    expect(dashboard?.text).toEqual({ zh: '数据看板', en: 'Dashboard' });
  });

  it.each([
    ['bureau_officer', true, true],
    ['department_liaison', true, false],
    ['bureau_leader', false, false],
    ['village_official', false, false],
    ['school_staff', false, false],
  ] as const)(
    'offers the department registers to %s: imports %s, comparisons %s',
    (role, imports, compare) => {
      expect(links(role).includes('/registers')).toBe(imports);
      expect(links(role).includes('/registers/comparisons')).toBe(compare);
    },
  );

  it('names the register links nav-registers and nav-register-comparisons, in Chinese first', () => {
    const items = visibleNavItems(aUser({ role: 'bureau_officer' }));
    const registers = items.find((i) => i.link === '/registers');
    const comparisons = items.find((i) => i.link === '/registers/comparisons');
    expect(registers?.testId).toBe('registers');
    expect(registers?.text?.zh).toBe('部门数据导入');
    expect(comparisons?.testId).toBe('register-comparisons');
    expect(comparisons?.text?.zh).toBe('部门数据比对');
  });

  it('offers only the password change until the password is changed, and nothing signed out', () => {
    expect(visibleNavItems(aUser({ mustChangePassword: true })).map((i) => i.link)).toEqual([
      '/account/password',
    ]);
    expect(visibleNavItems(null)).toEqual([]);
  });
});
