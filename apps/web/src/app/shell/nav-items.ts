import type { CurrentUser } from '@baoxue/contracts';
import type { Label, Permission, Role } from '@baoxue/domain';
import { SETTINGS_ROLES, WORK_ROLES } from '../settings/role-guard';

export interface NavItem {
  /** Translation key of the label. */
  label: string;
  /** The label itself, for features that carry their own wording instead of a key. */
  text?: Label;
  icon: string;
  link: string;
  exact: boolean;
  /** Shown only to roles granted this permission. */
  permission?: Permission;
  /** Shown only to these roles (a task of theirs rather than a right). */
  roles?: readonly Role[];
  /** The link's `nav-…` test id when it is not named after the icon. */
  testId?: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'nav.home', icon: 'home', link: '/', exact: true },
  {
    label: 'nav.dashboard',
    text: { zh: '数据看板', en: 'Dashboard' },
    icon: 'dashboard',
    link: '/dashboard',
    exact: false,
    permission: 'figures.read',
    testId: 'dashboard',
  },
  { label: 'nav.students', icon: 'user', link: '/students', exact: false, permission: 'children.read' },
  {
    label: 'nav.report',
    icon: 'file-exclamation',
    link: '/cases/report',
    exact: true,
    permission: 'children.read',
    roles: ['school_staff', 'village_official'],
    testId: 'report',
  },
  {
    label: 'nav.work',
    text: { zh: '我的待办', en: 'My work' },
    icon: 'carry-out',
    link: '/work',
    exact: true,
    roles: WORK_ROLES,
    testId: 'work',
  },
  {
    label: 'nav.field',
    text: { zh: '今日工作', en: 'Today' },
    icon: 'environment',
    link: '/field',
    exact: false,
    roles: ['village_official'],
    testId: 'field',
  },
  {
    label: 'nav.attendance',
    text: { zh: '考勤点名', en: 'Roll call' },
    icon: 'check-square',
    link: '/attendance',
    exact: true,
    roles: ['school_staff'],
    testId: 'attendance',
  },
  {
    label: 'nav.attendanceSummary',
    text: { zh: '考勤统计', en: 'Attendance' },
    icon: 'bar-chart',
    link: '/attendance/summary',
    exact: true,
    permission: 'figures.read',
    testId: 'attendance-summary',
  },
  {
    label: 'nav.watchList',
    text: { zh: '重点关注学生', en: 'Watch list' },
    icon: 'alert',
    link: '/attendance/watch-list',
    exact: true,
    roles: ['school_staff', 'bureau_officer', 'bureau_leader'],
    testId: 'watch-list',
  },
  { label: 'nav.myCases', icon: 'schedule', link: '/cases/mine', exact: true, permission: 'children.read' },
  {
    label: 'nav.cases',
    icon: 'safety-certificate',
    link: '/cases',
    exact: false,
    permission: 'children.read',
  },
  {
    label: 'duplicates.nav',
    icon: 'team',
    link: '/students/duplicates',
    exact: true,
    permission: 'children.read',
    roles: ['bureau_officer', 'bureau_leader'],
    testId: 'duplicates',
  },
  {
    label: 'transfers.nav',
    icon: 'global',
    link: '/transfers',
    exact: true,
    permission: 'children.read',
    roles: ['bureau_officer'],
    testId: 'transfers',
  },
  {
    label: 'registers.nav',
    text: { zh: '部门数据导入', en: 'Department registers' },
    icon: 'plus',
    link: '/registers',
    exact: true,
    permission: 'registers.import',
    testId: 'registers',
  },
  {
    label: 'registers.navComparisons',
    text: { zh: '部门数据比对', en: 'Register comparisons' },
    icon: 'search',
    link: '/registers/comparisons',
    exact: false,
    permission: 'registers.compare',
    testId: 'register-comparisons',
  },
  // Department liaisons read no children's records: only the referrals to their department.
  {
    label: 'referrals.nav',
    icon: 'apartment',
    link: '/referrals',
    exact: true,
    roles: ['department_liaison'],
    testId: 'referrals',
  },
  {
    label: 'nav.organisations',
    icon: 'bank',
    link: '/admin/organisations',
    exact: false,
    permission: 'organisations.manage',
  },
  { label: 'nav.users', icon: 'team', link: '/admin/users', exact: false, permission: 'users.manage' },
  {
    label: 'nav.reminderSettings',
    text: { zh: '提醒规则与通知渠道', en: 'Reminder rules and channels' },
    icon: 'setting',
    link: '/settings/reminders',
    exact: false,
    roles: SETTINGS_ROLES,
    testId: 'reminder-settings',
  },
  {
    label: 'nav.earlyWarningSettings',
    text: { zh: '辍学风险预警规则', en: 'Early-warning rules' },
    icon: 'alert',
    link: '/settings/early-warning',
    exact: false,
    roles: SETTINGS_ROLES,
    testId: 'early-warning-settings',
  },
  { label: 'nav.password', icon: 'key', link: '/account/password', exact: false },
];

/** The menu of a user: by permission and role; only the password until it is changed. */
export function visibleNavItems(user: CurrentUser | null): readonly NavItem[] {
  if (!user) return [];
  if (user.mustChangePassword) return NAV_ITEMS.filter((item) => item.link === '/account/password');
  return NAV_ITEMS.filter(
    (item) =>
      (!item.permission || user.permissions.includes(item.permission)) &&
      (!item.roles || item.roles.includes(user.role)),
  );
}
