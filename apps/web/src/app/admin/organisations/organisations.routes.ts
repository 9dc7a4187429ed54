import { Route } from '@angular/router';
import { ADMIN_STYLESHEET, loadStylesheet } from '../../shared/ui/lazy-stylesheet';

export const organisationRoutes: Route[] = [
  {
    path: '',
    canActivate: [() => loadStylesheet(ADMIN_STYLESHEET).then(() => true)],
    children: [
      {
        path: '',
        title: 'titles.organisations',
        loadComponent: () => import('./organisation-list.page').then((m) => m.OrganisationListPage),
      },
      {
        path: 'new',
        title: 'titles.newOrganisation',
        loadComponent: () => import('./organisation-form.page').then((m) => m.OrganisationFormPage),
      },
      {
        path: ':id',
        title: 'titles.editOrganisation',
        loadComponent: () => import('./organisation-form.page').then((m) => m.OrganisationFormPage),
      },
    ],
  },
];
