import { Route } from '@angular/router';

/**
 * The village official's phone-first flows (乡村找): today's work, the case card, recording a
 * visit and editing the plan, all usable offline. No admin stylesheet: the initial route
 * stays small on a slow 3G connection.
 */
export const fieldRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: '今日工作',
    loadComponent: () => import('./work/field-work.page').then((m) => m.FieldWorkPage),
  },
  {
    path: 'cases/:id',
    title: '个案',
    loadComponent: () => import('./case/field-case.page').then((m) => m.FieldCasePage),
  },
  {
    path: 'cases/:id/visit',
    title: '记录家访',
    loadComponent: () => import('./visit/visit-sheet.page').then((m) => m.VisitSheetPage),
  },
  {
    path: 'cases/:id/edit',
    title: '编辑去向与帮扶计划',
    loadComponent: () => import('./edit/case-edit.page').then((m) => m.CaseEditPage),
  },
];
