import type { ChildNodeStatus, NodeRef } from '@baoxue/contracts';
import { CaseFigureKey, CaseState, periodOf } from '@baoxue/domain';

/** A router link with its query parameters, as `[routerLink]` and `[queryParams]` take them. */
export interface CasesLink {
  path: string;
  queryParams: Record<string, string>;
}

/**
 * `region:<id>` → `{ householdRegionId }` (cases by the child's 户籍, as the figures count
 * them), `school:<id>` → `{ schoolId }`: the cases list's node filter.
 */
export function nodeFilter(ref: NodeRef): Record<string, string> {
  const [kind, id] = ref.split(':', 2);
  if (!id) return {};
  return kind === 'school' ? { schoolId: id } : kind === 'region' ? { householdRegionId: id } : {};
}

/** The transitions each this-term figure counts (as the figure counts do). */
const TERM_TRANSITIONS: Partial<Record<CaseFigureKey, string>> = {
  returnedThisTerm: 'record_return',
  placedThisTerm: 'record_placement',
  excludedThisTerm: 'exclude',
  closedThisTerm: 'approve_closing,close_excluded',
};

/**
 * The cases behind a figure, as the cases list filters them (`/cases?state=…&householdRegionId=…`):
 * a state now, the cases that took the figure's transitions this term, or those with overdue items.
 */
export function casesLinkForFigure(
  key: CaseFigureKey,
  node: NodeRef,
  today: string,
  asOf: string | null = null,
): CasesLink {
  const day = asOf ?? today;
  const queryParams: Record<string, string> = { ...nodeFilter(node) };
  const took = TERM_TRANSITIONS[key];
  if (took) {
    queryParams['took'] = took;
    queryParams['tookFrom'] = periodOf('semester', day).from;
    queryParams['tookTo'] = day;
  }
  const states: Partial<Record<CaseFigureKey, CaseState>> = {
    open: 'persuading',
    toClear: 'suspected',
    monitoring: 'monitoring',
  };
  const state = states[key];
  if (state) queryParams['state'] = state;
  if (key === 'overdueItems') queryParams['overdueItems'] = 'true';
  return { path: '/cases', queryParams };
}

/** The second half of 待核查 (疑似 + 核查中): the verifying cases. */
export function verifyingCasesLink(node: NodeRef): CasesLink {
  return { path: '/cases', queryParams: { ...nodeFilter(node), state: 'verifying' } };
}

/** The cases behind a reason, grade-free breakdown bar: open ones for that reason. */
export function casesLinkForReason(reason: string, node: NodeRef): CasesLink {
  return { path: '/cases', queryParams: { ...nodeFilter(node), state: 'persuading', reason } };
}

export function casesLinkForFlag(flag: string, node: NodeRef): CasesLink {
  return { path: '/cases', queryParams: { ...nodeFilter(node), state: 'persuading', flag } };
}

/** The dashboard's own URL for a node (the scope's root needs no `node`). */
export function dashboardQuery(node: NodeRef | null, asOf: string | null): Record<string, string | null> {
  return { node: node ?? null, asOf: asOf ?? null };
}

/** Nodes not at zero first, the most open cases first among them, then by name. */
export function orderChildren(children: readonly ChildNodeStatus[]): ChildNodeStatus[] {
  return [...children].sort(
    (a, b) =>
      Number(a.figures.atZero) - Number(b.figures.atZero) ||
      b.figures.open - a.figures.open ||
      b.figures.toClear - a.figures.toClear ||
      a.node.name.localeCompare(b.node.name, 'zh-CN'),
  );
}

/** Today in China (YYYY-MM-DD), the day the API's "now" figures are of. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
