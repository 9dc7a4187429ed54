import type { Label, SettingsProblem } from '@baoxue/domain';
import { problemText } from '../settings-problems';

/** The early-warning settings page's wording, Chinese first (shown with the `bxLabel` pipe). */
export const EARLY_WARNING_TEXTS = {
  title: { zh: '辍学风险预警规则', en: 'Dropout-risk rules' },
  hint: {
    zh: '按下列规则为每名学生计算风险分，达到关注分数线的学生进入重点关注名单。每个县（区）可以有自己的规则；未保存过的县使用系统默认值。',
    en: 'Each student gets a risk score from these rules; those at or above the threshold join the watch list. Each county may set its own; until saved it uses the defaults.',
  },
  groupAttendance: { zh: '出勤', en: 'Attendance' },
  groupFlags: { zh: '特殊群体', en: 'Special status' },
  groupOther: { zh: '其他因素', en: 'Other factors' },
  groupWatch: { zh: '重点关注', en: 'Watch list' },
  window: { zh: '统计最近', en: 'Look at the last' },
  windowUnit: { zh: '个教学日', en: 'school days' },
  tiers: {
    zh: '出勤率分档（取所低于的最低一档）',
    en: 'Attendance-rate tiers (the lowest one the rate is below)',
  },
  tierBelow: { zh: '出勤率低于', en: 'Rate below' },
  percentThenScores: { zh: '%\u00a0计', en: '%\u00a0scores' },
  tierRemove: { zh: '删除此档', en: 'Remove this tier' },
  tierAdd: { zh: '添加分档', en: 'Add a tier' },
  noTiers: { zh: '未设置分档，出勤率不计分', en: 'No tiers: the attendance rate scores nothing' },
  repeated: { zh: '无故缺勤达到', en: 'Unexcused absences of at least' },
  timesThenScores: { zh: '次 · 计', en: 'times · scores' },
  score: { zh: '分', en: 'points' },
  scores: { zh: '计', en: 'scores' },
  flagsHint: { zh: '0 分表示不计入', en: '0 points: not counted' },
  previousCase: { zh: '曾有辍学记录', en: 'Had a dropout case before' },
  overAge: { zh: '超过年级正常年龄', en: 'Older than usual for the grade by' },
  yearsThenScores: { zh: '岁及以上 · 计', en: 'years or more · scores' },
  watchFrom: { zh: '风险分达到', en: 'A score of at least' },
  watchFromUnit: { zh: '分进入重点关注名单', en: 'puts a child on the watch list' },
  saved: { zh: '已保存，正在重新计算风险分', en: 'Saved; recomputing the risk scores' },
} as const satisfies Record<string, Label>;

/** Wording of a rules problem; the common rules (required, whole number, range) as on the reminder page. */
export function riskProblemText(problem: SettingsProblem): Label {
  switch (problem.rule) {
    case 'rate':
      return { zh: '须为 1 至 100 之间的百分比', en: 'A percentage from 1 to 100' };
    case 'descending':
      return {
        zh: '各档须从高到低排列，且不能重复',
        en: 'Tiers go from the highest rate down, without repeats',
      };
    case 'arrayLength':
      return { zh: '最多 5 档', en: 'At most 5 tiers' };
    default:
      return problemText(problem);
  }
}
