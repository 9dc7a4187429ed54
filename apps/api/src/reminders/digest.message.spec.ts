import { WorkItem, WorkList } from '@baoxue/contracts';
import { DIGEST_MAX_LINES, digestCounts, digestText } from './digest.message';

function item(overrides: Partial<WorkItem>): WorkItem {
  return {
    id: 'i',
    kind: 'follow_up',
    dueOn: '2026-12-02',
    daysOverdue: 0,
    overdue: false,
    stage: 'due',
    role: 'responsible',
    case: { id: 'c1', studentName: '张*', state: 'persuading' },
    school: null,
    link: '/cases/c1',
    ...overrides,
  };
}

describe('digest text', () => {
  const work: WorkList = {
    overdue: [
      item({
        kind: 'verification',
        daysOverdue: 3,
        overdue: true,
        case: { id: 'c2', studentName: '李*', state: 'reported' },
      }),
    ],
    upcoming: [
      item({}),
      item({ kind: 'school_report', case: null, school: { id: 's', name: '进士张小学' }, link: '/work' }),
    ],
  };

  it('counts due today and overdue in the title', () => {
    expect(digestCounts(work)).toEqual({ dueToday: 2, overdue: 1 });
    expect(digestText(work).title).toBe('【每日待办】今日到期 2 项，逾期 1 项');
  });

  it('lists each item briefly, overdue first, with masked names only', () => {
    expect(digestText(work).body.split('\n')).toEqual([
      '今日到期 2 项，逾期 1 项：',
      '· 逾期3天｜核查｜李*',
      '· 今日到期｜劝返跟进｜张*',
      '· 今日到期｜学校月报｜进士张小学',
    ]);
  });

  it('lists at most a screenful and says how many more there are, from the totals', () => {
    const many: WorkList = {
      overdue: Array.from({ length: 12 }, (_, n) =>
        item({ id: `o${n}`, overdue: true, daysOverdue: 12 - n }),
      ),
      upcoming: [item({ id: 'u' })],
      overdueTotal: 600,
      upcomingTotal: 1,
    };
    const lines = digestText(many).body.split('\n');
    expect(lines).toHaveLength(1 + DIGEST_MAX_LINES + 1);
    expect(lines[0]).toBe('今日到期 1 项，逾期 600 项：');
    expect(lines[lines.length - 1]).toBe(`另有 ${601 - DIGEST_MAX_LINES} 项，请在“我的待办”中查看。`);
  });
});
