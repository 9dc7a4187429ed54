import type { ChildNodeStatus, NodeRef } from '@baoxue/contracts';
import { CaseFigureKey, CaseState, periodOf } from '@baoxue/domain';

/** A router link with its query parameters, as `[routerLink]` and `[queryParams]` take them. */
export interface CasesLink {
  path: string;
  queryParams: Record<string, string>;
}

/** `region:<id>` → `{ regionId }`, `school:<id>` → `{ schoolId }`: the cases list's node filter. */
export function nodeFilter(ref: NodeRef): Record<string, string> {
  const [kind, id] = ref.split(':', 2);
  if (!id) return {};
  return kind === 'school' ? { schoolId: id } : kind === 'region' ? { regionId: id } : {};
}

/**
 * The cases behind a figure, as the cases list filters them (`/cases?state=…&regionId=…`).
 * The list has no filter for "moved to monitoring this term", so returned and placed lead to
 * the cases being watched; closed this term is bounded by its closing dates.
 */
export function casesLinkForFigure(
  key: CaseFigureKey,
  node: NodeRef,
  today: string,
  asOf: string | null = null,
): CasesLink {
  const day = asOf ?? today;
  const queryParams: Record<string, string> = { ...nodeFilter(node) };
  const state = (s: CaseState): void => {
    queryParams['state'] = s;
  };
  switch (key) {
    case 'open':
      state('persuading');
      break;
    case 'toClear':
      state('suspected');
      break;
    case 'monitoring':
    case 'returnedThisTerm':
    case 'placedThisTerm':
      state('monitoring');
      break;
    case 'excludedThisTerm':
      state('excluded');
      break;
    case 'closedThisTerm':
      state('closed');
      queryParams['closedFrom'] = periodOf('semester', day).from;
      queryParams['closedTo'] = day;
      break;
    case 'overdueItems':
      queryParams['overdue'] = 'true';
      break;
  }
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
