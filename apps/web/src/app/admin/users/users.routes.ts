import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../../shared/ui/lazy-stylesheet';

export const userRoutes: Route[] = [
  {
    path: '',
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    children: [
      {
        path: '',
        title: 'titles.users',
        loadComponent: () => import('./user-list.page').then((m) => m.UserListPage),
      },
      {
        path: 'new',
        title: 'titles.newUser',
        loadComponent: () => import('./user-form.page').then((m) => m.UserFormPage),
      },
      {
        path: ':id',
        title: 'titles.editUser',
        loadComponent: () => import('./user-form.page').then((m) => m.UserFormPage),
      },
    ],
  },
];
