import { inject } from '@angular/core';
import { CanMatchFn, Router } from '@angular/router';
import type { Role } from '@baoxue/domain';
import { AuthStore } from '../auth/auth.store';

/** Roles that set the reminder rules and channels. */
export const SETTINGS_ROLES: readonly Role[] = ['admin', 'bureau_officer'];

/** Roles that can have due work: everyone but the administrator and department liaisons. */
export const WORK_ROLES: readonly Role[] = [
  'bureau_leader',
  'bureau_officer',
  'government_official',
  'village_official',
  'school_staff',
];

/**
 * A route for these roles only; others land on the home page. (The route sits inside the
 * signed-in shell, whose guard has already sent signed-out visitors to sign in.)
 */
export function roleGuard(roles: readonly Role[]): CanMatchFn {
  return () => {
    const role = inject(AuthStore).user()?.role;
    return role && roles.includes(role) ? true : inject(Router).parseUrl('/');
  };
}
