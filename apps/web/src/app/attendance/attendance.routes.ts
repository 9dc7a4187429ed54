import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';
import { roleGuard } from '../settings/role-guard';

/** Who takes the roll: school staff of their own school. */
const ROLL_ROLES = ['school_staff'] as const;

export const attendanceRoutes: Route[] = [
  {
    path: '',
    // Tags, switches and selects are styled by the lazily loaded stylesheet.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    children: [
      {
        path: '',
        pathMatch: 'full',
        canMatch: [roleGuard(ROLL_ROLES)],
        title: '考勤点名',
        loadComponent: () => import('./roll/class-roll.page').then((m) => m.ClassRollPage),
      },
      {
        path: 'import',
        canMatch: [roleGuard(ROLL_ROLES)],
        title: '导入考勤',
        loadComponent: () => import('./import/attendance-import.page').then((m) => m.AttendanceImportPage),
      },
      {
        path: 'summary',
        title: '考勤统计',
        loadComponent: () => import('./summary/attendance-summary.page').then((m) => m.AttendanceSummaryPage),
      },
      {
        path: 'watch-list',
        title: '重点关注学生',
        loadComponent: () => import('./watch-list/watch-list.page').then((m) => m.WatchListPage),
      },
    ],
  },
];
