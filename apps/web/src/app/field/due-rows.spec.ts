import { dueRows } from './due-rows';
import { aDueItem, aFieldCard } from './field-testing';

describe(dueRows.name, () => {
  it('puts the earliest deadline first, counting days from today, whatever the cards’ order', () => {
    const cards = [
      aFieldCard('c-1', '李四', {
        dueItems: [aDueItem('c-1', 'a', { dueOn: '2026-09-12', daysOverdue: -9 })],
      }),
      aFieldCard('c-2', '张三', {
        dueItems: [
          aDueItem('c-2', 'b', { dueOn: '2026-09-08', daysOverdue: -1 }),
          aDueItem('c-2', 'c', { kind: 'verification', dueOn: '2026-09-10' }),
        ],
      }),
      aFieldCard('c-3', '王五', { dueItems: [aDueItem('c-3', 'd', { dueOn: '2026-09-10' })] }),
      aFieldCard('c-4', '赵六'),
    ];
    const rows = dueRows(cards, '2026-09-10');
    expect(rows.map((r) => r.item.id)).toEqual(['b', 'd', 'c', 'a']);
    // The server's count was from the day it answered; today's is what is shown.
    expect(rows.map((r) => [r.daysOverdue, r.overdue])).toEqual([
      [2, true],
      [0, false],
      [0, false],
      [-2, false],
    ]);
  });
});
