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
        // Before `:id`, which would take it for a child's id.
        path: 'new',
        title: 'students.register.title',
        loadComponent: () => import('./student-register.page').then((m) => m.StudentRegisterPage),
      },
      {
        // Before `:id`, which would take it for a child's id.
        path: 'duplicates',
        title: 'duplicates.title',
        loadComponent: () => import('./duplicate-list.page').then((m) => m.DuplicateListPage),
      },
      {
        path: ':id',
        title: 'titles.student',
        loadComponent: () => import('./student-detail.page').then((m) => m.StudentDetailPage),
      },
    ],
  },
];
