import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';
import type { Permission } from '@baoxue/domain';
import { AuthStore } from './auth.store';

export const CHANGE_PASSWORD_URL = '/account/password';

/** Signed-in users only; others go to the sign-in page, which brings them back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  if (!auth.signedIn()) {
    return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  }
  if (auth.mustChangePassword() && !state.url.startsWith(CHANGE_PASSWORD_URL)) {
    return router.parseUrl(CHANGE_PASSWORD_URL);
  }
  return true;
};

/** The sign-in page is for visitors; a signed-in user goes home. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthStore);
  return auth.signedIn() ? inject(Router).parseUrl('/') : true;
};

/**
 * A route for users whose role grants `permission`; others land on the home page. A
 * signed-out visitor is sent to sign in first, keeping the address they asked for.
 */
export function permissionGuard(permission: Permission): CanMatchFn {
  return () => {
    const auth = inject(AuthStore);
    const router = inject(Router);
    if (!auth.signedIn()) {
      const target = router.currentNavigation()?.extractedUrl;
      const returnUrl = target ? router.serializeUrl(target) : undefined;
      return router.createUrlTree(['/login'], { queryParams: returnUrl ? { returnUrl } : {} });
    }
    return auth.can(permission) ? true : router.parseUrl('/');
  };
}
