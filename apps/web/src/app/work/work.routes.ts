import { Route } from '@angular/router';

export const workRoutes: Route[] = [
  {
    path: '',
    title: '我的待办',
    loadComponent: () => import('./work.page').then((m) => m.WorkPage),
  },
];
