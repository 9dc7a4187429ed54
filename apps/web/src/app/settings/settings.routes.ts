import { Route } from '@angular/router';

export const settingsRoutes: Route[] = [
  {
    path: 'reminders',
    title: '提醒规则与通知渠道',
    loadComponent: () => import('./reminder-settings.page').then((m) => m.ReminderSettingsPage),
  },
];
