import { FieldCaseCard, WorkItem } from '@baoxue/contracts';
import fc from 'fast-check';
import { compareCards } from './field-card.presenter';

const day = fc
  .integer({ min: 0, max: 60 })
  .map((n) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString().slice(0, 10));

const card = fc
  .record({
    caseId: fc.uuid(),
    dueOn: fc.option(day, { nil: null }),
    nextFollowUpOn: fc.option(day, { nil: null }),
    openedOn: day,
  })
  .map(
    ({ caseId, dueOn, nextFollowUpOn, openedOn }) =>
      ({
        caseId,
        nextFollowUpOn,
        openedAt: `${openedOn}T02:00:00.000Z`,
        dueItems: dueOn === null ? [] : [{ dueOn } as WorkItem],
      }) as FieldCaseCard,
  );

/** The key the day's order of work sorts by: missing days last. */
const key = (c: FieldCaseCard): string =>
  [c.dueItems[0]?.dueOn ?? '9999-99-99', c.nextFollowUpOn ?? '9999-99-99', c.openedAt, c.caseId].join('|');

describe(compareCards.name, () => {
  it('orders by the soonest due item, then the soonest follow-up, then the oldest case; missing days last', () => {
    fc.assert(
      fc.property(fc.array(card, { maxLength: 30 }), (cards) => {
        const sorted = [...cards].sort(compareCards).map(key);
        expect(sorted).toEqual(cards.map(key).sort());
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });

  it('puts a card with a due item before one with none, whatever its follow-up', () => {
    const [a, b] = [
      { caseId: 'a', nextFollowUpOn: '2026-01-01', openedAt: '2026-01-01T00:00:00.000Z', dueItems: [] },
      {
        caseId: 'b',
        nextFollowUpOn: null,
        openedAt: '2026-02-01T00:00:00.000Z',
        dueItems: [{ dueOn: '2026-12-31' } as WorkItem],
      },
    ] as unknown as FieldCaseCard[];
    expect([a, b].sort(compareCards).map((c) => c.caseId)).toEqual(['b', 'a']);
  });
});
