import { LabelTable } from '../labels';
import { ageOn } from '../special-status';

/** What a comparison run (四查三比对) finds. */
export const FINDING_CATEGORIES = ['never_enrolled', 'dropout', 'priority'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const FINDING_CATEGORY_LABELS: LabelTable<FindingCategory> = {
  never_enrolled: { zh: '适龄未入学', en: 'Never enrolled' },
  dropout: { zh: '疑似辍学', en: 'Suspected dropout' },
  priority: { zh: '重点关注（监测/救助/残疾）', en: 'Priority (poverty, civil affairs or disability list)' },
};

/**
 * A finding's course: `new` until routed (`raised`: a suspected case was opened), or not
 * raised because an open case already covers the child (`covered`) or a recent exclusion
 * does (`excluded`). A child matched only by name + birth date + village waits for a
 * person (`needs_confirmation`): the same child as an enrolled student (`confirmed_same`,
 * nothing to raise) or a different one (back to `new`). `dismissed` is a person's decision.
 */
export const FINDING_STATUSES = [
  'new',
  'needs_confirmation',
  'covered',
  'excluded',
  'raised',
  'confirmed_same',
  'dismissed',
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const FINDING_STATUS_LABELS: LabelTable<FindingStatus> = {
  new: { zh: '待派发', en: 'To route' },
  needs_confirmation: { zh: '待人工确认', en: 'Needs confirmation' },
  covered: { zh: '已有在办个案', en: 'Covered by an open case' },
  excluded: { zh: '近期已排除', en: 'Recently excluded' },
  raised: { zh: '已派发核查', en: 'Routed for verification' },
  confirmed_same: { zh: '确认为同一人（已在学）', en: 'Confirmed: same enrolled child' },
  dismissed: { zh: '已忽略', en: 'Dismissed' },
};

/** How a register row was tied to a child: by ID number, or only as a candidate. */
export const FINDING_MATCHES = ['id', 'candidate', 'none'] as const;
export type FindingMatch = (typeof FINDING_MATCHES)[number];

/** A case closed as excluded (排除) within this many days keeps its child out of new findings. */
export const RECENT_EXCLUSION_DAYS = 180;

/** School age (适龄) by whole years at the run's date, inclusive (DEFAULT_SCHOOL_AGE by default). */
export function isSchoolAge(birthDate: string, day: string, range: { from: number; to: number }): boolean {
  const age = ageOn(birthDate, day);
  return age >= range.from && age <= range.to;
}
