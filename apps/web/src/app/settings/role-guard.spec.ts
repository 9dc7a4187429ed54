import { TestBed } from '@angular/core/testing';
import { provideRouter, Route, UrlTree } from '@angular/router';
import { ROLES, Role } from '@baoxue/domain';
import { AuthStore } from '../auth/auth.store';
import { provideHttpClient } from '@angular/common/http';
import { visibleNavItems } from '../shell/nav-items';
import { aUser } from '../testing/users';
import { roleGuard, SETTINGS_ROLES, WORK_ROLES } from './role-guard';

describe('reminder pages by role', () => {
  const links = (role: Role): string[] => visibleNavItems(aUser({ role })).map((item) => item.link);

  it.each(ROLES.map((role) => [role, role !== 'admin' && role !== 'department_liaison'] as const))(
    'offers my work to %s: %s',
    (role, shown) => {
      expect(links(role).includes('/work')).toBe(shown);
      expect(WORK_ROLES.includes(role)).toBe(shown);
    },
  );

  it.each(ROLES.map((role) => [role, role === 'admin' || role === 'bureau_officer'] as const))(
    'offers the reminder settings to %s: %s',
    (role, shown) => {
      expect(links(role).includes('/settings/reminders')).toBe(shown);
      expect(SETTINGS_ROLES.includes(role)).toBe(shown);
    },
  );

  it('names the links with Chinese labels and test ids', () => {
    const work = visibleNavItems(aUser()).find((i) => i.link === '/work');
    expect(work?.text?.zh).toBe('我的待办');
    expect(work?.testId).toBe('work');
    const settings = visibleNavItems(aUser({ role: 'bureau_officer' })).find(
      (i) => i.link === '/settings/reminders',
    );
    expect(settings?.text?.zh).toBe('提醒规则与通知渠道');
  });

  it('lets the roles in and sends others home', () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    const auth = TestBed.inject(AuthStore);
    const guard = roleGuard(SETTINGS_ROLES);
    const run = () => TestBed.runInInjectionContext(() => guard({} as Route, []));
    auth.user.set(aUser({ role: 'bureau_officer' }));
    expect(run()).toBe(true);
    auth.user.set(aUser({ role: 'village_official' }));
    expect((run() as UrlTree).toString()).toBe('/');
    auth.user.set(null);
    expect((run() as UrlTree).toString()).toBe('/');
  });
});
