import type { FieldCaseCard, WorkItem } from '@baoxue/contracts';
import { daysBetween } from '@baoxue/domain';

/** One due item on today's list, with the card it belongs to. */
export interface DueRow {
  item: WorkItem;
  card: FieldCaseCard;
  /** Whole days past the due day as of `today` (0 on the day, negative before it). */
  daysOverdue: number;
  overdue: boolean;
}

/**
 * Every due item on the caller's cards, nearest deadline first (so the overdue ones, most
 * overdue first, lead). Days are counted from `today`, not from when the cards were fetched:
 * cards read offline a day later still say how late a visit is.
 */
export function dueRows(cards: readonly FieldCaseCard[], today: string): DueRow[] {
  return cards
    .flatMap((card) =>
      card.dueItems.map((item) => {
        const daysOverdue = daysBetween(item.dueOn, today);
        return { item, card, daysOverdue, overdue: daysOverdue > 0 };
      }),
    )
    .sort(
      (a, b) =>
        a.item.dueOn.localeCompare(b.item.dueOn) ||
        a.card.student.fullName.localeCompare(b.card.student.fullName, 'zh-CN') ||
        a.item.id.localeCompare(b.item.id),
    );
}
