import { LabelTable } from './labels';

/** System roles (DOMAIN.md §2). A user has exactly one. */
export const ROLES = [
  'admin',
  'bureau_leader',
  'bureau_officer',
  'government_official',
  'department_liaison',
  'village_official',
  'school_staff',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: LabelTable<Role> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  bureau_leader: { zh: '教育局领导', en: 'Bureau leader' },
  bureau_officer: { zh: '控辍保学专干', en: 'Bureau officer' },
  government_official: { zh: '政府工作人员', en: 'Government official' },
  department_liaison: { zh: '部门联络员', en: 'Department liaison' },
  village_official: { zh: '村干部', en: 'Village official' },
  school_staff: { zh: '学校教职工', en: 'School staff' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What each role may do beyond reading within its scope. Kept as data so the API
 * enforces and the web app shows the same thing.
 */
export const PERMISSIONS = [
  'children.read',
  'users.manage',
  'organisations.manage',
  'regions.import',
  'personal_data.reveal',
  'audit.read',
  /** The dashboard's aggregates (no child's data) for the caller's scope. */
  'figures.read',
  /** Freezing a county's, prefecture's or province's period figures (复核, 汇总). */
  'reports.submit',
  /** Uploading department registers (部门清): 户籍, 学籍 and the special lists. */
  'registers.import',
  /** Running comparisons of the registers (四查三比对) and routing what they find. */
  'registers.compare',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege for children's data (`children.read`: students, cases, interventions):
 * the admin runs the system and never needs a child's record; a department liaison sees
 * only the cases referred to its department, through the referral endpoints.
 */
const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['users.manage', 'organisations.manage', 'regions.import', 'audit.read'],
  bureau_leader: ['children.read', 'personal_data.reveal', 'audit.read', 'figures.read', 'reports.submit'],
  bureau_officer: [
    'children.read',
    'personal_data.reveal',
    'audit.read',
    'figures.read',
    'reports.submit',
    'registers.import',
    'registers.compare',
  ],
  government_official: ['children.read', 'figures.read'],
  department_liaison: ['registers.import'],
  village_official: ['children.read', 'figures.read'],
  school_staff: ['children.read', 'figures.read'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
