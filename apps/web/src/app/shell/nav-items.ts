import type { Permission } from '@baoxue/domain';

export interface NavItem {
  /** Translation key of the label. */
  label: string;
  icon: string;
  link: string;
  exact: boolean;
  /** Shown only to roles granted this permission. */
  permission?: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'nav.home', icon: 'home', link: '/', exact: true },
  { label: 'nav.students', icon: 'user', link: '/students', exact: false, permission: 'children.read' },
  { label: 'nav.myCases', icon: 'schedule', link: '/cases/mine', exact: true, permission: 'children.read' },
  {
    label: 'nav.cases',
    icon: 'safety-certificate',
    link: '/cases',
    exact: false,
    permission: 'children.read',
  },
  {
    label: 'nav.organisations',
    icon: 'bank',
    link: '/admin/organisations',
    exact: false,
    permission: 'organisations.manage',
  },
  { label: 'nav.users', icon: 'team', link: '/admin/users', exact: false, permission: 'users.manage' },
  { label: 'nav.password', icon: 'key', link: '/account/password', exact: false },
];
