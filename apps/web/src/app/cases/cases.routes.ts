import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const caseRoutes: Route[] = [
  {
    path: '',
    // Tables, selects, tags and dialogs use the stylesheet loaded with the admin screens.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    children: [
      {
        path: '',
        title: 'titles.cases',
        loadComponent: () => import('./case-list.page').then((m) => m.CaseListPage),
      },
      {
        path: 'mine',
        title: 'titles.myCases',
        loadComponent: () => import('./my-cases.page').then((m) => m.MyCasesPage),
      },
      {
        path: 'new',
        title: 'titles.newCase',
        loadComponent: () => import('./case-open.page').then((m) => m.CaseOpenPage),
      },
      {
        path: 'report',
        title: 'titles.reportCase',
        loadComponent: () => import('./case-report.page').then((m) => m.CaseReportPage),
      },
      {
        path: ':id/notices/written-order/:interventionId',
        title: 'titles.notice',
        data: { kind: 'written_order' },
        loadComponent: () => import('./case-notice.page').then((m) => m.CaseNoticePage),
      },
      {
        path: ':id/notices/township-report',
        title: 'titles.notice',
        data: { kind: 'township_report' },
        loadComponent: () => import('./case-notice.page').then((m) => m.CaseNoticePage),
      },
      {
        path: ':id',
        title: 'titles.case',
        loadComponent: () => import('./case-detail.page').then((m) => m.CaseDetailPage),
      },
    ],
  },
];
