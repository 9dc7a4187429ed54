import { Route } from '@angular/router';

export const inboxRoutes: Route[] = [
  {
    path: '',
    title: '收件箱',
    loadComponent: () => import('./inbox.page').then((m) => m.InboxPage),
  },
];
