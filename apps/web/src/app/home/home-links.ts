import type { Label, Permission } from '@baoxue/domain';
import { DASHBOARD_TEXTS } from '../dashboard/dashboard-texts';

export interface HomeLink {
  title: string;
  description: string;
  icon: string;
  link: string;
  permission?: Permission;
  /** The wording itself, for features that carry their own instead of translation keys. */
  text?: { title: Label; description: Label };
}

/** What a user can open from the home page (translation keys). */
export const HOME_LINKS: readonly HomeLink[] = [
  {
    title: 'home.links.dashboard.title',
    description: 'home.links.dashboard.description',
    text: { title: DASHBOARD_TEXTS.title, description: DASHBOARD_TEXTS.homeDescription },
    icon: 'dashboard',
    link: '/dashboard',
    permission: 'figures.read',
  },
  {
    title: 'home.links.organisations.title',
    description: 'home.links.organisations.description',
    icon: 'bank',
    link: '/admin/organisations',
    permission: 'organisations.manage',
  },
  {
    title: 'home.links.users.title',
    description: 'home.links.users.description',
    icon: 'team',
    link: '/admin/users',
    permission: 'users.manage',
  },
  {
    title: 'home.links.password.title',
    description: 'home.links.password.description',
    icon: 'key',
    link: '/account/password',
  },
];
