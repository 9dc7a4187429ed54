import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../shared/ui/lazy-stylesheet';

export const settingsRoutes: Route[] = [
  {
    path: 'reminders',
    // Tags, switches and selects are styled by the lazily loaded stylesheet.
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    title: '提醒规则与通知渠道',
    loadComponent: () => import('./reminder-settings.page').then((m) => m.ReminderSettingsPage),
  },
  {
    path: 'early-warning',
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    title: '辍学风险预警规则',
    loadComponent: () =>
      import('./early-warning/early-warning-settings.page').then((m) => m.EarlyWarningSettingsPage),
  },
];
