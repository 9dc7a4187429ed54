import { inject } from '@angular/core';
import { CanActivateFn, Route, Router } from '@angular/router';
import type { Role } from '@baoxue/domain';
import { AuthStore } from '../auth/auth.store';
import { TRANSFER_ROLES } from '../cases/handover/handover-rules';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

/** Pages of one kind of user (a task of theirs rather than a permission); others go home. */
function rolesGuard(roles: readonly Role[]): CanActivateFn {
  return () => {
    const role = inject(AuthStore).user()?.role;
    return (role && roles.includes(role)) || inject(Router).parseUrl('/');
  };
}

// Selects, tags and alerts use the stylesheet loaded with the admin screens.
const withStyles: CanActivateFn = () => loadStylesheet(ADMIN_STYLESHEET).then(() => true);

/** `/referrals`: a department liaison's inbox of referrals to their department (部门转介). */
export const referralRoutes: Route[] = [
  {
    path: '',
    title: 'referrals.inbox.title',
    canActivate: [rolesGuard(['department_liaison']), withStyles],
    loadComponent: () => import('./referral-inbox.page').then((m) => m.ReferralInboxPage),
  },
];

/** `/transfers`: cases other regions offer to the bureau officer's region (跨区域接收). */
export const transferRoutes: Route[] = [
  {
    path: '',
    title: 'transfers.incoming.title',
    canActivate: [rolesGuard(TRANSFER_ROLES), withStyles],
    loadComponent: () => import('./incoming-transfers.page').then((m) => m.IncomingTransfersPage),
  },
];
