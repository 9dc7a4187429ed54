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

  it('offers only the password change until the password is changed, and nothing signed out', () => {
    expect(visibleNavItems(aUser({ mustChangePassword: true })).map((i) => i.link)).toEqual([
      '/account/password',
    ]);
    expect(visibleNavItems(null)).toEqual([]);
  });
});
