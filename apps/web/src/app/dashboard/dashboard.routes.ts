import { Route } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const dashboardRoutes: Route[] = [
  {
    path: '',
    // Alerts and buttons come with the initial styles; spinners and tags with the admin sheet.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    // ECharts (tree-shaken) is fetched with this route only, never in the initial bundle.
    providers: [provideEchartsCore({ echarts: () => import('./echarts-core') })],
    title: '数据看板',
    loadComponent: () => import('./dashboard.page').then((m) => m.DashboardPage),
  },
];
