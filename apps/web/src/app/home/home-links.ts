import type { Permission } from '@baoxue/domain';

export interface HomeLink {
  title: string;
  description: string;
  icon: string;
  link: string;
  permission?: Permission;
}

/** What a user can open from the home page (translation keys). */
export const HOME_LINKS: readonly HomeLink[] = [
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
