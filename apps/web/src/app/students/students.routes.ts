import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const studentRoutes: Route[] = [
  {
    path: '',
    // Tables, selects, tags and the dialog use the stylesheet loaded with the admin screens.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    children: [
      {
        path: '',
        title: 'titles.students',
        loadComponent: () => import('./student-list.page').then((m) => m.StudentListPage),
      },
      {
        path: ':id',
        title: 'titles.student',
        loadComponent: () => import('./student-detail.page').then((m) => m.StudentDetailPage),
      },
    ],
  },
];
