import { LabelTable } from './labels';
import { Role } from './roles';

export const ORGANISATION_TYPES = [
  'education_bureau',
  'school',
  'county_government',
  'town_government',
  'village_committee',
  'department',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABELS: LabelTable<OrganisationType> = {
  education_bureau: { zh: '教育局', en: 'Education bureau' },
  school: { zh: '学校', en: 'School' },
  county_government: { zh: '县级政府', en: 'County government' },
  town_government: { zh: '乡镇政府', en: 'Town government' },
  village_committee: { zh: '村(居)委会', en: 'Village committee' },
  department: { zh: '职能部门', en: 'Department' },
};

/** 部门清: the departments that clear data and act on referrals. */
export const DEPARTMENT_KINDS = [
  'public_security',
  'civil_affairs',
  'disabled_persons_federation',
  'health',
  'human_resources',
  'justice',
  'rural_revitalisation',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const DEPARTMENT_KIND_LABELS: LabelTable<DepartmentKind> = {
  public_security: { zh: '公安', en: 'Public security' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  disabled_persons_federation: {
    zh: '残联',
    en: "Disabled persons' federation",
  },
  health: { zh: '卫生健康', en: 'Health' },
  human_resources: { zh: '人力资源和社会保障', en: 'Human resources' },
  justice: { zh: '司法', en: 'Justice' },
  rural_revitalisation: { zh: '乡村振兴', en: 'Rural revitalisation' },
};

export const SCHOOL_LEVELS = ['primary', 'junior_secondary', 'nine_year'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const SCHOOL_LEVEL_LABELS: LabelTable<SchoolLevel> = {
  primary: { zh: '小学', en: 'Primary' },
  junior_secondary: { zh: '初级中学', en: 'Junior secondary' },
  nine_year: { zh: '九年一贯制学校', en: 'Nine-year school' },
};

/** Grades a school level teaches: 1–6 primary, 7–9 junior secondary. */
export function gradesOf(level: SchoolLevel): number[] {
  switch (level) {
    case 'primary':
      return [1, 2, 3, 4, 5, 6];
    case 'junior_secondary':
      return [7, 8, 9];
    case 'nine_year':
      return [1, 2, 3, 4, 5, 6, 7, 8, 9];
  }
}

/** School codes (学校标识码) are 10 digits. */
export function isValidSchoolCode(code: string): boolean {
  return /^\d{10}$/.test(code);
}

/** Which roles a user of an organisation of this type may hold. */
export const ROLES_BY_ORGANISATION_TYPE: Readonly<Record<OrganisationType, readonly Role[]>> = {
  education_bureau: ['admin', 'bureau_leader', 'bureau_officer'],
  school: ['school_staff'],
  county_government: ['government_official', 'admin'],
  town_government: ['government_official'],
  village_committee: ['village_official'],
  department: ['department_liaison'],
};

export function roleFitsOrganisation(role: Role, type: OrganisationType): boolean {
  return ROLES_BY_ORGANISATION_TYPE[type].includes(role);
}
