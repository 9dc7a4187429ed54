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
        path: ':id',
        title: 'titles.case',
        loadComponent: () => import('./case-detail.page').then((m) => m.CaseDetailPage),
      },
    ],
  },
];
