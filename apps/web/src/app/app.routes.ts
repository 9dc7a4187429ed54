import { Route } from '@angular/router';
import { authGuard, guestGuard, permissionGuard } from './auth/auth.guards';
import { roleGuard, SETTINGS_ROLES, WORK_ROLES } from './settings/role-guard';

export const appRoutes: Route[] = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'titles.login',
    loadComponent: () => import('./auth/login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'titles.home',
        loadComponent: () => import('./home/home.page').then((m) => m.HomePage),
      },
      {
        path: 'account/password',
        title: 'titles.password',
        loadComponent: () => import('./account/change-password.page').then((m) => m.ChangePasswordPage),
      },
      {
        path: 'students',
        canMatch: [permissionGuard('children.read')],
        loadChildren: () => import('./students/students.routes').then((m) => m.studentRoutes),
      },
      {
        path: 'cases',
        canMatch: [permissionGuard('children.read')],
        loadChildren: () => import('./cases/cases.routes').then((m) => m.caseRoutes),
      },
      {
        path: 'referrals',
        loadChildren: () => import('./referrals/referrals.routes').then((m) => m.referralRoutes),
      },
      {
        path: 'transfers',
        loadChildren: () => import('./referrals/referrals.routes').then((m) => m.transferRoutes),
      },
      {
        path: 'inbox',
        loadChildren: () => import('./notifications/notifications.routes').then((m) => m.inboxRoutes),
      },
      {
        path: 'dashboard',
        canMatch: [permissionGuard('figures.read')],
        loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
      },
      {
        path: 'field',
        canMatch: [roleGuard(['village_official'])],
        loadChildren: () => import('./field/field.routes').then((m) => m.fieldRoutes),
      },
      {
        path: 'attendance',
        canMatch: [permissionGuard('children.read')],
        loadChildren: () => import('./attendance/attendance.routes').then((m) => m.attendanceRoutes),
      },
      {
        path: 'registers',
        canMatch: [permissionGuard('registers.import')],
        loadChildren: () => import('./registers/registers.routes').then((m) => m.registerRoutes),
      },
      {
        path: 'work',
        canMatch: [roleGuard(WORK_ROLES)],
        loadChildren: () => import('./work/work.routes').then((m) => m.workRoutes),
      },
      {
        path: 'settings',
        canMatch: [roleGuard(SETTINGS_ROLES)],
        loadChildren: () => import('./settings/settings.routes').then((m) => m.settingsRoutes),
      },
      {
        path: 'admin/organisations',
        canMatch: [permissionGuard('organisations.manage')],
        loadChildren: () =>
          import('./admin/organisations/organisations.routes').then((m) => m.organisationRoutes),
      },
      {
        path: 'admin/users',
        canMatch: [permissionGuard('users.manage')],
        loadChildren: () => import('./admin/users/users.routes').then((m) => m.userRoutes),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
