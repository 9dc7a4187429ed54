import type {
  CaseFigureCounts,
  CaseReason,
  CaseSource,
  CaseState,
  DueKind,
  RegionKind,
  SpecialStatusFlag,
} from '@baoxue/domain';

/**
 * The leaders' dashboard (DOMAIN.md §6): aggregates only — no child's name, ID number or
 * address ever appears in these responses.
 *
 * A node is a region (`region:<region id>`) or a school (`school:<organisation id>`); every
 * endpoint takes `node` (default: the root of the caller's scope) and answers 404 for a node
 * outside the caller's scope, like a missing one.
 */
export type NodeRef = string;

export interface DashboardNode {
  ref: NodeRef;
  kind: RegionKind | 'school';
  name: string;
  /** The region path (a school's: its region's). */
  path: string;
  /** The node above, within the caller's scope; null at the scope's root. */
  parentRef: NodeRef | null;
}

export interface NodeFigures extends CaseFigureCounts {
  atZero: boolean;
}

export interface StudentContext {
  /** Students enrolled at a school (not merged away), by stage. */
  enrolled: number;
  enrolledPrimary: number;
  enrolledJunior: number;
  /** Enrolled students carrying each special-status flag now. */
  flags: Record<SpecialStatusFlag, number>;
}

export interface DropoutRateFigures {
  /** `2026-2027`. */
  schoolYear: string;
  dropouts: number;
  enrolledAtStart: number;
  /** Per cent, two decimals; null when nobody was enrolled. */
  rate: number | null;
}

export interface DropoutRates {
  total: DropoutRateFigures;
  primary: DropoutRateFigures;
  junior: DropoutRateFigures;
}

export interface ChildNodeStatus {
  node: DashboardNode;
  figures: NodeFigures;
  enrolled: number;
}

/** GET /api/dashboard/status?node=&asOf=YYYY-MM-DD (asOf: the end of that China day; default now). */
export interface NodeStatus {
  node: DashboardNode;
  /** The day the figures are as of; null for now. */
  asOf: string | null;
  figures: NodeFigures;
  context: StudentContext;
  dropoutRates: DropoutRates;
  /** Regions at the lowest level below the node (villages) whose open count is not zero. */
  regionsNotAtZero: number;
  /** The node's children (regions one level down, then the schools directly under it), not at zero first. */
  children: ChildNodeStatus[];
}

export type TrendGranularity = 'week' | 'month';

export interface TrendPoint {
  /** `2026-W48` or `2026-11`. */
  period: string;
  from: string;
  to: string;
  /** Cases opened in the period. */
  opened: number;
  /** Cases moved to monitoring by a return or placement in the period. */
  returned: number;
  /** Cases open (persuading) at the end of the period. */
  open: number;
}

/** GET /api/dashboard/trends?node=&granularity=week|month&from=&to= */
export interface Trends {
  node: DashboardNode;
  granularity: TrendGranularity;
  points: TrendPoint[];
}

export interface BreakdownRow {
  key: string;
  count: number;
}

/** GET /api/dashboard/breakdowns?node=: open (persuading) and to-clear cases by cause. */
export interface Breakdowns {
  node: DashboardNode;
  byReason: (BreakdownRow & { key: CaseReason })[];
  /** Grade `0` for a child with no grade (never enrolled). */
  byGrade: BreakdownRow[];
  bySource: (BreakdownRow & { key: CaseSource })[];
  byFlag: (BreakdownRow & { key: SpecialStatusFlag })[];
}

export interface ResponsibleSummary {
  name: string;
  line: string;
  level: string;
}

/** GET /api/dashboard/longest-open?node=&limit= (no child's data: the case page has it). */
export interface LongestOpenCase {
  caseId: string;
  state: CaseState;
  openedAt: string;
  daysOpen: number;
  regionName: string;
  schoolName: string | null;
  responsibles: ResponsibleSummary[];
}

/** GET /api/dashboard/overdue?node=&limit= */
export interface OverdueItemSummary {
  dueItemId: string;
  caseId: string | null;
  schoolId: string | null;
  kind: DueKind;
  dueOn: string;
  daysOverdue: number;
  regionName: string;
  schoolName: string | null;
  responsibles: ResponsibleSummary[];
}
