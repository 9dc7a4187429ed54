import { LabelTable } from './labels';

/** Special-status flags (DOMAIN.md §4); a child may carry several, each with from/to dates. */
export const SPECIAL_STATUS_FLAGS = [
  'orphan',
  'unsupported',
  'disabled',
  'left_behind',
  'in_difficulty',
  'migrant',
  'juvenile_case',
  'poverty_monitoring',
  'low_income',
  'extreme_poverty',
] as const;
export type SpecialStatusFlag = (typeof SPECIAL_STATUS_FLAGS)[number];

export const SPECIAL_STATUS_FLAG_LABELS: LabelTable<SpecialStatusFlag> = {
  orphan: { zh: '孤儿', en: 'Orphan' },
  unsupported: { zh: '事实无人抚养', en: 'Unsupported' },
  disabled: { zh: '残疾', en: 'Disabled' },
  left_behind: { zh: '留守儿童', en: 'Left-behind' },
  in_difficulty: { zh: '困境儿童', en: 'In difficulty' },
  migrant: { zh: '随迁子女', en: 'Migrant' },
  juvenile_case: { zh: '涉案未成年人', en: 'Juvenile case' },
  poverty_monitoring: { zh: '防止返贫监测对象', en: 'Poverty monitoring' },
  low_income: { zh: '低保', en: 'Low income' },
  extreme_poverty: { zh: '特困供养', en: 'Extreme poverty' },
};

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

export const SEX_LABELS: LabelTable<Sex> = {
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
};

export const GUARDIAN_RELATIONS = [
  'father',
  'mother',
  'grandparent',
  'sibling',
  'other_relative',
  'other',
] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];

export const GUARDIAN_RELATION_LABELS: LabelTable<GuardianRelation> = {
  father: { zh: '父亲', en: 'Father' },
  mother: { zh: '母亲', en: 'Mother' },
  grandparent: { zh: '祖父母/外祖父母', en: 'Grandparent' },
  sibling: { zh: '兄弟姐妹', en: 'Sibling' },
  other_relative: { zh: '其他亲属', en: 'Other relative' },
  other: { zh: '其他', en: 'Other' },
};

/** Compulsory-school age (DOMAIN.md §1): 6–15 by default; a deployment setting. */
export const DEFAULT_SCHOOL_AGE = { from: 6, to: 15 } as const;

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
