import { LabelTable } from '../labels';
import { CaseState } from '../cases/lifecycle';
import { CaseSettings } from '../cases/settings';
import { addDays, addWorkingDays } from './calendar';

/** What can fall due (DOMAIN.md §5). */
export const DUE_KINDS = [
  'verification',
  'follow_up',
  'written_order',
  'monitoring_check_in',
  'closing_review',
  'school_report',
] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export const DUE_KIND_LABELS: LabelTable<DueKind> = {
  verification: { zh: '核查', en: 'Verification' },
  follow_up: { zh: '劝返跟进', en: 'Follow-up' },
  written_order: { zh: '限期返校期满', en: 'Written order deadline' },
  monitoring_check_in: { zh: '返校巩固回访', en: 'Monitoring check-in' },
  closing_review: { zh: '结案审核', en: 'Closing review' },
  school_report: { zh: '学校月报', en: 'School monthly report' },
};

/** What the rules need to know about a case to derive its due items. */
export interface CaseDueFacts {
  state: CaseState;
  /** China date the case was reported (opened, or reopened). */
  reportedOn: string;
  /** China date the case last entered persuading; null if it never did. */
  persuadingSince: string | null;
  /** The follow-up date the latest intervention set (cases.next_follow_up_on). */
  nextFollowUpOn: string | null;
  /** China date of the latest intervention. */
  lastInterventionOn: string | null;
  /** The latest written order (限期返校通知书) and its deadline. */
  latestWrittenOrder: { id: string; deadlineOn: string } | null;
  /** Return or placement date that started monitoring. */
  monitoringStartedOn: string | null;
}

/** One item the rules say is due: `ref` tells items of one kind apart within a case. */
export interface DueItemSpec {
  kind: DueKind;
  ref: string;
  dueOn: string;
}

/**
 * The case's due items now, from its facts and the county's settings. An item no longer
 * in this list has been dealt with (or no longer applies) and must not remind anyone.
 */
export function caseDueItems(facts: CaseDueFacts, settings: CaseSettings): DueItemSpec[] {
  switch (facts.state) {
    case 'suspected':
    case 'verifying':
      return [
        {
          kind: 'verification',
          ref: facts.reportedOn,
          dueOn: addWorkingDays(facts.reportedOn, settings.verificationWorkingDays, settings),
        },
      ];
    case 'persuading':
      return persuadingItems(facts, settings);
    case 'monitoring':
      return monitoringItems(facts, settings);
    default:
      return [];
  }
}

function persuadingItems(facts: CaseDueFacts, settings: CaseSettings): DueItemSpec[] {
  const since = facts.persuadingSince ?? facts.reportedOn;
  // An intervention before persuading began set its follow-up for another stage of the case.
  const lastCounts = facts.lastInterventionOn !== null && facts.lastInterventionOn >= since;
  const followUpOn =
    lastCounts && facts.nextFollowUpOn !== null
      ? facts.nextFollowUpOn
      : addDays(lastCounts ? facts.lastInterventionOn! : since, settings.followUpDays);
  const items: DueItemSpec[] = [{ kind: 'follow_up', ref: since, dueOn: followUpOn }];
  const order = facts.latestWrittenOrder;
  // The order's deadline is met once someone has acted on or after it.
  if (order && !(facts.lastInterventionOn !== null && facts.lastInterventionOn >= order.deadlineOn))
    items.push({ kind: 'written_order', ref: order.id, dueOn: order.deadlineOn });
  return items;
}

function monitoringItems(facts: CaseDueFacts, settings: CaseSettings): DueItemSpec[] {
  const start = facts.monitoringStartedOn;
  if (start === null) return [];
  const items: DueItemSpec[] = [];
  const checkIn = pendingCheckIn(start, facts.lastInterventionOn, settings.monitoringCheckInDays);
  if (checkIn !== null)
    items.push({ kind: 'monitoring_check_in', ref: String(checkIn), dueOn: addDays(start, checkIn) });
  items.push({
    kind: 'closing_review',
    ref: start,
    dueOn: addDays(start, settings.monitoringWindowDays),
  });
  return items;
}

/**
 * The first check-in (its day count) not yet made. A contact counts for a check-in from
 * halfway between the previous check-in and this one, so an early visit is not wasted.
 */
export function pendingCheckIn(
  start: string,
  lastContactOn: string | null,
  checkInDays: readonly number[],
): number | null {
  let previous = 0;
  for (const day of checkInDays) {
    const countsFrom = addDays(start, Math.ceil((previous + day) / 2));
    if (lastContactOn === null || lastContactOn < countsFrom) return day;
    previous = day;
  }
  return null;
}

/** The day a school's report for `period` (YYYY-MM) is due: the set day, or the month's last. */
export function schoolReportDueOn(period: string, settings: CaseSettings): string {
  const [year, month] = period.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(settings.schoolMonthlyReportDay, lastDay);
  return `${period}-${String(day).padStart(2, '0')}`;
}
