import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const workRoutes: Route[] = [
  {
    path: '',
    // Tags, switches and selects are styled by the lazily loaded stylesheet.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    title: '我的待办',
    loadComponent: () => import('./work.page').then((m) => m.WorkPage),
  },
];
