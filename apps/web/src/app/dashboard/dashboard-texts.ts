import type { CaseFigureKey, Label, LabelTable } from '@baoxue/domain';

/** The leaders' dashboard wording, Chinese first (shown with the `bxLabel` pipe). */
export const DASHBOARD_TEXTS = {
  title: { zh: '数据看板', en: 'Dashboard' },
  nav: { zh: '数据看板', en: 'Dashboard' },
  homeDescription: {
    zh: '动态清零进展、各地劝返数据、趋势与台账导出',
    en: 'Dynamic zero, figures by region, trends and ledger exports',
  },
  atZero: { zh: '已清零', en: 'At zero' },
  notAtZero: { zh: '未清零', en: 'Not at zero' },
  headline: { zh: '动态清零', en: 'Dynamic zero' },
  asOf: { zh: '截至日期', en: 'As of' },
  today: { zh: '今天', en: 'Today' },
  asOfHint: { zh: '留空为当前数据', en: 'Leave empty for now' },
  breadcrumb: { zh: '当前位置', en: 'You are here' },
  children: { zh: '下级单位', en: 'Below this node' },
  childName: { zh: '名称', en: 'Name' },
  noChildren: { zh: '没有下级单位', en: 'Nothing below this node' },
  enrolled: { zh: '在校生', en: 'Enrolled' },
  suspected: { zh: '疑似', en: 'Suspected' },
  verifying: { zh: '核查中', en: 'Verifying' },
  dropoutRate: { zh: '辍学率', en: 'Dropout rate' },
  primary: { zh: '小学', en: 'Primary' },
  junior: { zh: '初中', en: 'Junior secondary' },
  trends: { zh: '趋势', en: 'Trends' },
  byMonth: { zh: '按月', en: 'Monthly' },
  byWeek: { zh: '按周', en: 'Weekly' },
  opened: { zh: '新增个案', en: 'Opened' },
  returned: { zh: '返校/安置', en: 'Returned or placed' },
  openSeries: { zh: '劝返中', en: 'Open' },
  causes: { zh: '原因分析（劝返中及待核查）', en: 'Causes (open and to clear)' },
  byReason: { zh: '辍学原因', en: 'By reason' },
  byGrade: { zh: '年级', en: 'By grade' },
  bySource: { zh: '发现渠道', en: 'By source' },
  byFlag: { zh: '特殊群体', en: 'By special status' },
  noGrade: { zh: '未入学', en: 'Never enrolled' },
  gradeN: { zh: '年级', en: 'Grade' },
  overdueList: { zh: '逾期事项', en: 'Overdue items' },
  longestOpen: { zh: '持续时间最长的个案', en: 'Longest-open cases' },
  responsibles: { zh: '责任人', en: 'Responsible' },
  viewCase: { zh: '查看个案', en: 'Open case' },
  nothingOverdue: { zh: '没有逾期事项', en: 'Nothing overdue' },
  nothingOpen: { zh: '没有未结个案', en: 'No open cases' },
  reporting: { zh: '本月未报送学校', en: 'Schools yet to report this month' },
  allReported: { zh: '本月所有学校均已报送', en: 'Every school has reported this month' },
  reportingDue: { zh: '截止', en: 'Due' },
  overdueTag: { zh: '已逾期', en: 'Overdue' },
  loadFailed: { zh: '看板数据加载失败', en: 'The dashboard could not be loaded' },
  notFound: {
    zh: '该单位不存在或不在您的管辖范围内',
    en: 'This node does not exist or is outside your scope',
  },
  partFailed: { zh: '加载失败', en: 'Could not be loaded' },
  retry: { zh: '重试', en: 'Retry' },
  backToTop: { zh: '返回本级', en: 'Back to my scope' },
  noData: { zh: '暂无数据', en: 'No data' },
} as const satisfies Record<string, Label>;

/** The node figures as cards, in the order leaders read them (DOMAIN.md §6). */
export const FIGURE_LABELS: LabelTable<CaseFigureKey> = {
  open: { zh: '劝返中', en: 'Being persuaded' },
  toClear: { zh: '待核查', en: 'To clear' },
  monitoring: { zh: '监测中', en: 'Monitoring' },
  returnedThisTerm: { zh: '本学期返校', en: 'Returned this term' },
  placedThisTerm: { zh: '本学期安置', en: 'Placed this term' },
  excludedThisTerm: { zh: '本学期排除', en: 'Excluded this term' },
  closedThisTerm: { zh: '本学期结案', en: 'Closed this term' },
  overdueItems: { zh: '逾期事项', en: 'Overdue items' },
};

/** "12 个村(社区)未清零" / "12 regions not at zero". */
export function regionsNotAtZeroLabel(count: number): Label {
  return {
    zh: `${count} 个村(社区)未清零`,
    en: count === 1 ? '1 village not at zero' : `${count} villages not at zero`,
  };
}

/** "劝返中 3 人" / "3 open". */
export function openCountLabel(count: number): Label {
  return { zh: `劝返中 ${count} 人`, en: `${count} open` };
}

export function daysOpenLabel(days: number): Label {
  return { zh: `已持续 ${days} 天`, en: days === 1 ? 'Open 1 day' : `Open ${days} days` };
}

export function daysOverdueLabel(days: number): Label {
  return { zh: `逾期 ${days} 天`, en: days === 1 ? '1 day overdue' : `${days} days overdue` };
}

export function gradeLabel(grade: number): Label {
  if (grade <= 0) return DASHBOARD_TEXTS.noGrade;
  return { zh: `${grade} 年级`, en: `Grade ${grade}` };
}

/** "未报送 5 / 33 所" / "5 of 33 not submitted". */
export function missingReportsLabel(missing: number, schools: number): Label {
  return { zh: `未报送 ${missing} / ${schools} 所`, en: `${missing} of ${schools} not submitted` };
}
