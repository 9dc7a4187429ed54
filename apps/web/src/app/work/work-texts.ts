import type { WorkItem } from '@baoxue/contracts';
import type { Label, LabelTable } from '@baoxue/domain';

/** The "my work" page's wording, Chinese first (shown with the `bxLabel` pipe). */
export const WORK_TEXTS = {
  title: { zh: '我的待办', en: 'My work' },
  hint: {
    zh: '您负责或被上报给您的到期事项，最早到期的在前。',
    en: 'What falls due on your cases or was escalated to you, soonest first.',
  },
  overdue: { zh: '逾期', en: 'Overdue' },
  upcoming: { zh: '即将到期', en: 'Due soon' },
  noOverdue: { zh: '没有逾期事项', en: 'Nothing overdue' },
  noUpcoming: { zh: '近两周没有到期事项', en: 'Nothing due in the next two weeks' },
  due: { zh: '到期日', en: 'Due' },
  dueToday: { zh: '今天到期', en: 'Due today' },
  loadFailed: { zh: '待办加载失败', en: 'Your work could not be loaded' },
  retry: { zh: '重试', en: 'Retry' },
} as const satisfies Record<string, Label>;

export const WORK_ROLE_LABELS: LabelTable<WorkItem['role']> = {
  responsible: { zh: '责任人', en: 'Responsible' },
  escalated: { zh: '上报给我', en: 'Escalated to me' },
};

/** "共 620 项，仅显示前 500 项" when a list was cut short. */
export function moreThanShownLabel(total: number, shown: number): Label {
  return { zh: `共 ${total} 项，仅显示前 ${shown} 项`, en: `${total} in all; the first ${shown} shown` };
}

/** "逾期 3 天" / "3 days overdue". */
export function daysOverdueLabel(days: number): Label {
  return { zh: `逾期 ${days} 天`, en: days === 1 ? '1 day overdue' : `${days} days overdue` };
}

/** "今天到期", "2 天后到期" / "due in 2 days". */
export function dueInLabel(daysOverdue: number): Label {
  const days = -daysOverdue;
  if (days <= 0) return WORK_TEXTS.dueToday;
  return { zh: `${days} 天后到期`, en: days === 1 ? 'Due tomorrow' : `Due in ${days} days` };
}
