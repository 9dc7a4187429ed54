import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { aUser } from '../testing/users';
import { authGuard, guestGuard, permissionGuard } from './auth.guards';
import { AuthStore } from './auth.store';

describe('auth guards', () => {
  let auth: AuthStore;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    auth = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
  });

  function runAuthGuard(url: string): boolean | UrlTree {
    return TestBed.runInInjectionContext(
      () => authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot) as boolean | UrlTree,
    );
  }

  describe(authGuard.name, () => {
    it('sends a signed-out visitor to /login and keeps where they were going', () => {
      const result = runAuthGuard('/admin/users?page=2');
      expect(result).toBeInstanceOf(UrlTree);
      expect(router.serializeUrl(result as UrlTree)).toBe('/login?returnUrl=%2Fadmin%2Fusers%3Fpage%3D2');
    });

    it('lets a signed-in user through', () => {
      auth.user.set(aUser());
      expect(runAuthGuard('/')).toBe(true);
    });

    it('sends a user who must change their password to /account/password, and lets them stay there', () => {
      auth.user.set(aUser({ mustChangePassword: true }));
      expect(router.serializeUrl(runAuthGuard('/') as UrlTree)).toBe('/account/password');
      expect(runAuthGuard('/account/password')).toBe(true);
    });
  });

  describe(guestGuard.name, () => {
    it('sends a signed-in user from the login page to home', () => {
      auth.user.set(aUser());
      const result = TestBed.runInInjectionContext(() =>
        guestGuard({} as ActivatedRouteSnapshot, { url: '/login' } as RouterStateSnapshot),
      );
      expect(router.serializeUrl(result as UrlTree)).toBe('/');
    });
  });

  describe(permissionGuard.name, () => {
    it('sends a signed-out visitor to sign in first', () => {
      const result = TestBed.runInInjectionContext(() => permissionGuard('users.manage')({}, []));
      expect(router.serializeUrl(result as UrlTree)).toBe('/login');
    });

    it.each([
      ['admin', true],
      ['bureau_officer', false],
      ['village_official', false],
    ] as const)('users.manage for %s → allowed: %s', (role, allowed) => {
      auth.user.set(aUser({ role }));
      const result = TestBed.runInInjectionContext(() => permissionGuard('users.manage')({}, []));
      if (allowed) expect(result).toBe(true);
      else expect(router.serializeUrl(result as UrlTree)).toBe('/');
    });
  });
});
