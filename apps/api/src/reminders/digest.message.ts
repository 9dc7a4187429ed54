import { WorkItem, WorkList } from '@baoxue/contracts';
import { DUE_KIND_LABELS } from '@baoxue/domain';

/** Lines a digest lists before it points to "my work" for the rest. */
export const DIGEST_MAX_LINES = 10;

export interface DigestCounts {
  dueToday: number;
  overdue: number;
}

/**
 * Due today and overdue, from a work list asked for with no horizon (everything due by
 * today): the upcoming list then holds today's items only.
 */
export function digestCounts(work: WorkList): DigestCounts {
  return {
    dueToday: work.upcomingTotal ?? work.upcoming.length,
    overdue: work.overdueTotal ?? work.overdue.length,
  };
}

function line(item: WorkItem): string {
  const when = item.overdue ? `逾期${item.daysOverdue}天` : '今日到期';
  // The work list already masks the child's name (`张*`); a school report names the school.
  const subject = item.case?.studentName ?? item.school?.name ?? '';
  return `· ${when}｜${DUE_KIND_LABELS[item.kind].zh}｜${subject}`;
}

/** The digest's title and body: counts, then the items oldest first, masked names only. */
export function digestText(work: WorkList): { title: string; body: string } {
  const { dueToday, overdue } = digestCounts(work);
  const items = [...work.overdue, ...work.upcoming];
  const shown = items.slice(0, DIGEST_MAX_LINES);
  const rest = dueToday + overdue - shown.length;
  const lines = [`今日到期 ${dueToday} 项，逾期 ${overdue} 项：`, ...shown.map(line)];
  if (rest > 0) lines.push(`另有 ${rest} 项，请在“我的待办”中查看。`);
  return { title: `【每日待办】今日到期 ${dueToday} 项，逾期 ${overdue} 项`, body: lines.join('\n') };
}
