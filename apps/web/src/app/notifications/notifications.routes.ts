import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const inboxRoutes: Route[] = [
  {
    path: '',
    // Tags, switches and selects are styled by the lazily loaded stylesheet.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    title: '收件箱',
    loadComponent: () => import('./inbox.page').then((m) => m.InboxPage),
  },
];
