import { Route } from '@angular/router';
import { permissionGuard } from '../auth/auth.guards';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const registerRoutes: Route[] = [
  {
    path: '',
    // Tags, selects, checkboxes and pagination are styled by the lazily loaded stylesheet.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: '部门数据比对',
        loadComponent: () => import('./imports/import-list.page').then((m) => m.ImportListPage),
      },
      {
        path: 'imports/:id',
        title: '名册导入',
        loadComponent: () => import('./imports/import.page').then((m) => m.ImportPage),
      },
      {
        path: 'comparisons',
        canMatch: [permissionGuard('registers.compare')],
        title: '比对结果',
        loadComponent: () => import('./comparisons/comparison-list.page').then((m) => m.ComparisonListPage),
      },
      {
        path: 'comparisons/:id',
        canMatch: [permissionGuard('registers.compare')],
        title: '比对结果',
        loadComponent: () => import('./comparisons/comparison.page').then((m) => m.ComparisonPage),
      },
    ],
  },
];
