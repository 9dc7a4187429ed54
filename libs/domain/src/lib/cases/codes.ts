import { LabelTable } from '../labels';
import { Role } from '../roles';

/** Case type (DOMAIN.md §1). */
export const CASE_TYPES = ['suspected_dropout', 'never_enrolled', 'enrolled_not_attending'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_TYPE_LABELS: LabelTable<CaseType> = {
  suspected_dropout: { zh: '疑似辍学', en: 'Suspected dropout' },
  never_enrolled: { zh: '适龄未入学', en: 'Never enrolled' },
  enrolled_not_attending: { zh: '在籍不在校', en: 'Enrolled, not attending' },
};

/** How a case was discovered (DOMAIN.md §4). */
export const CASE_SOURCES = [
  'school_attendance',
  'term_start_roll',
  'data_comparison',
  'village_patrol',
  'department_referral',
  'enrolment_change',
  'guardian_report',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const CASE_SOURCE_LABELS: LabelTable<CaseSource> = {
  school_attendance: { zh: '学校考勤', en: 'School attendance' },
  term_start_roll: { zh: '开学清查', en: 'Start-of-term roll' },
  data_comparison: { zh: '数据比对', en: 'Data comparison' },
  village_patrol: { zh: '铁脚板摸排', en: 'Village patrol' },
  department_referral: { zh: '部门转介', en: 'Department referral' },
  enrolment_change: { zh: '学籍异动', en: 'Enrolment change' },
  guardian_report: { zh: '家长报告', en: 'Guardian report' },
};

/** Why the child is out of school (DOMAIN.md §4): one primary, others optional. */
export const CASE_REASONS = [
  'learning_difficulty',
  'family_hardship',
  'working_away',
  'early_marriage',
  'religion',
  'illness_disability',
  'guardian_neglect',
  'distance',
  'psychological',
  'other',
] as const;
export type CaseReason = (typeof CASE_REASONS)[number];

export const CASE_REASON_LABELS: LabelTable<CaseReason> = {
  learning_difficulty: { zh: '学习困难/厌学', en: 'Learning difficulty' },
  family_hardship: { zh: '家庭经济困难', en: 'Family hardship' },
  working_away: { zh: '外出务工', en: 'Working away' },
  early_marriage: { zh: '早婚早育', en: 'Early marriage' },
  religion: { zh: '宗教原因', en: 'Religion' },
  illness_disability: { zh: '身体原因/残疾/因病', en: 'Illness or disability' },
  guardian_neglect: { zh: '家长观念/监护缺失', en: 'Guardian neglect' },
  distance: { zh: '上学远/交通', en: 'Distance to school' },
  psychological: { zh: '心理/网瘾/行为', en: 'Psychological or behavioural' },
  other: { zh: '其他', en: 'Other' },
};

/** Why verification found no dropout (DOMAIN.md §3). */
export const EXCLUSION_REASONS = [
  'studying_elsewhere',
  'deceased',
  'emigrated',
  'over_age',
  'data_error',
  'duplicate_hukou',
  'lost_contact_after_trace',
  'approved_suspension',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const EXCLUSION_REASON_LABELS: LabelTable<ExclusionReason> = {
  studying_elsewhere: { zh: '异地就读', en: 'Studying elsewhere' },
  deceased: { zh: '死亡', en: 'Deceased' },
  emigrated: { zh: '出国(境)', en: 'Emigrated' },
  over_age: { zh: '超龄', en: 'Over age' },
  data_error: { zh: '数据错误', en: 'Data error' },
  duplicate_hukou: { zh: '重复户籍', en: 'Duplicate household registration' },
  lost_contact_after_trace: { zh: '经公安查找仍失联', en: 'Lost contact after police trace' },
  approved_suspension: { zh: '经批准休学/缓学', en: 'Approved suspension' },
};

/** How a returning child is taken back (DOMAIN.md §1). */
export const RETURN_MODES = ['original_class', 'transfer_class', 'separate_class', 'inclusive'] as const;
export type ReturnMode = (typeof RETURN_MODES)[number];

export const RETURN_MODE_LABELS: LabelTable<ReturnMode> = {
  original_class: { zh: '回原班', en: 'Original class' },
  transfer_class: { zh: '插班', en: 'Placed in another class' },
  separate_class: { zh: '单独编班', en: 'Separate class' },
  inclusive: { zh: '随班就读', en: 'Inclusive class' },
};

/** Lawful alternatives to a return (DOMAIN.md §1). */
export const PLACEMENT_TYPES = [
  'home_teaching',
  'special_school',
  'specialised_school',
  'vocational',
  'approved_suspension',
  'exempt_by_assessment',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

export const PLACEMENT_TYPE_LABELS: LabelTable<PlacementType> = {
  home_teaching: { zh: '送教上门', en: 'Home teaching' },
  special_school: { zh: '特殊教育学校', en: 'Special school' },
  specialised_school: { zh: '专门学校', en: 'Specialised school' },
  vocational: { zh: '职业教育', en: 'Vocational track' },
  approved_suspension: { zh: '休学/缓学', en: 'Approved suspension' },
  exempt_by_assessment: { zh: '经评估免于入学', en: 'Exempt by assessment' },
};

/** Placements that need a disability/health assessment on record (DOMAIN.md §3). */
export const PLACEMENTS_NEEDING_ASSESSMENT: readonly PlacementType[] = [
  'home_teaching',
  'exempt_by_assessment',
];

/**
 * A child physically unable to study and placed this way does not count against
 * dynamic zero (DOMAIN.md §3).
 */
export const PLACEMENTS_OUTSIDE_DYNAMIC_ZERO: readonly PlacementType[] = [
  'home_teaching',
  'exempt_by_assessment',
];

/** The escalation ladder of DOMAIN.md §3, lowest first. */
export const ESCALATION_STEPS = [
  'visit_or_call',
  'joint_visit',
  'written_report',
  'written_order',
  'administrative_measure',
  'legal_action',
] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export const ESCALATION_STEP_LABELS: LabelTable<EscalationStep> = {
  visit_or_call: { zh: '家访/电话劝返', en: 'Home visit or call' },
  joint_visit: { zh: '联合家访', en: 'Joint visit' },
  written_report: { zh: '书面报告乡镇和教育局', en: 'Written report' },
  written_order: { zh: '限期返校通知书', en: 'Written order' },
  administrative_measure: { zh: '责令限期改正', en: 'Administrative measure' },
  legal_action: { zh: '司法程序', en: 'Legal action' },
};

export const INTERVENTION_KINDS = [
  'home_visit',
  'phone_call',
  'joint_visit',
  'school_meeting',
  'written_report',
  'written_order',
  'administrative_measure',
  'legal_action',
  'guardian_commitment',
  'subsidy',
  'tutoring',
  'check_in',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

export const INTERVENTION_KIND_LABELS: LabelTable<InterventionKind> = {
  home_visit: { zh: '家访', en: 'Home visit' },
  phone_call: { zh: '电话劝返', en: 'Phone call' },
  joint_visit: { zh: '联合家访', en: 'Joint visit' },
  school_meeting: { zh: '到校约谈', en: 'School meeting' },
  written_report: { zh: '书面报告', en: 'Written report' },
  written_order: { zh: '限期返校通知书', en: 'Written order to return' },
  administrative_measure: { zh: '责令限期改正', en: 'Administrative measure' },
  legal_action: { zh: '司法文书', en: 'Legal action' },
  guardian_commitment: { zh: '控辍保学责任书', en: 'Guardian commitment' },
  subsidy: { zh: '资助', en: 'Subsidy' },
  tutoring: { zh: '学业帮扶', en: 'Tutoring' },
  check_in: { zh: '巩固回访', en: 'Monitoring check-in' },
};

/** What an intervention achieved (劝返结果); the details go in its free-text notes. */
export const INTERVENTION_OUTCOMES = [
  'willing_to_return',
  'undecided',
  'refuses',
  'not_reachable',
  'returned',
  'other',
] as const;
export type InterventionOutcome = (typeof INTERVENTION_OUTCOMES)[number];

export const INTERVENTION_OUTCOME_LABELS: LabelTable<InterventionOutcome> = {
  willing_to_return: { zh: '同意返校', en: 'Willing to return' },
  undecided: { zh: '仍在考虑', en: 'Undecided' },
  refuses: { zh: '拒绝返校', en: 'Refuses' },
  not_reachable: { zh: '联系不上', en: 'Not reachable' },
  returned: { zh: '已返校', en: 'Returned' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * Each intervention's rung on the ladder; null for support measures that are not
 * persuasion attempts (meetings, commitments, subsidies, tutoring, check-ins).
 */
export const INTERVENTION_STEP: Readonly<Record<InterventionKind, EscalationStep | null>> = {
  home_visit: 'visit_or_call',
  phone_call: 'visit_or_call',
  joint_visit: 'joint_visit',
  school_meeting: null,
  written_report: 'written_report',
  written_order: 'written_order',
  administrative_measure: 'administrative_measure',
  legal_action: 'legal_action',
  guardian_commitment: null,
  subsidy: null,
  tutoring: null,
  check_in: null,
};

/** Counts toward the persuasion trail that closing requires. */
export function isPersuasionAttempt(kind: InterventionKind): boolean {
  return INTERVENTION_STEP[kind] !== null;
}

/** The highest ladder step the case has reached, or null before the first attempt. */
export function highestStep(kinds: Iterable<InterventionKind>): EscalationStep | null {
  let best = -1;
  for (const kind of kinds) {
    const step = INTERVENTION_STEP[kind];
    if (step !== null) best = Math.max(best, ESCALATION_STEPS.indexOf(step));
  }
  return best < 0 ? null : ESCALATION_STEPS[best];
}

/** The five parties (五位一体, DOMAIN.md §2). */
export const PARTIES = ['government', 'department', 'village', 'school', 'parent'] as const;
export type Party = (typeof PARTIES)[number];

export const PARTY_LABELS: LabelTable<Party> = {
  government: { zh: '党政管', en: 'Government' },
  department: { zh: '部门清', en: 'Departments' },
  village: { zh: '乡村找', en: 'Village' },
  school: { zh: '学校保', en: 'School' },
  parent: { zh: '家长防', en: 'Parents' },
};

/**
 * The party an intervention is recorded for when the recorder names none: the one the
 * recorder's role acts for. The education bureau (leader and officer) runs the education
 * line, whose duty in 五位一体 is 学校保, so its visits and orders count for the school party;
 * the town's officials are 党政管. The administrator records nothing (CASE_INTERVENTION_ROLES)
 * and is mapped only so the table is total.
 */
export const ROLE_PARTY: Readonly<Record<Role, Party>> = {
  admin: 'government',
  bureau_leader: 'school',
  bureau_officer: 'school',
  government_official: 'government',
  department_liaison: 'department',
  village_official: 'village',
  school_staff: 'school',
};

/** The two lines of responsibility (双线, DOMAIN.md §2). */
export const LINES = ['government', 'education'] as const;
export type Line = (typeof LINES)[number];

export const LINE_LABELS: LabelTable<Line> = {
  government: { zh: '行政线', en: 'Government line' },
  education: { zh: '教育线', en: 'Education line' },
};

export const LEVELS = [
  'county',
  'town',
  'village',
  'village_group',
  'bureau',
  'school',
  'grade',
  'class',
] as const;
export type Level = (typeof LEVELS)[number];

/** Levels on each line, highest first. */
export const LINE_LEVELS: Readonly<Record<Line, readonly Level[]>> = {
  government: ['county', 'town', 'village', 'village_group'],
  education: ['bureau', 'school', 'grade', 'class'],
};

export const LEVEL_LABELS: LabelTable<Level> = {
  county: { zh: '县级', en: 'County' },
  town: { zh: '乡镇级', en: 'Town' },
  village: { zh: '村级', en: 'Village' },
  village_group: { zh: '村民小组', en: 'Village group' },
  bureau: { zh: '教育局', en: 'Education bureau' },
  school: { zh: '学校', en: 'School' },
  grade: { zh: '年级', en: 'Grade' },
  class: { zh: '班级/教师', en: 'Class or teacher' },
};

export function isLevelOf(line: Line, level: Level): boolean {
  return LINE_LEVELS[line].includes(level);
}
