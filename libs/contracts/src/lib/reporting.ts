import type { PeriodKind, RegionKind } from '@baoxue/domain';
import type { NodeFigures, NodeRef, NodeStatus } from './dashboard';
import type { Page } from './pagination';

/**
 * The reporting cadence (四个一, DOMAIN.md §6): schools report monthly, counties and
 * management zones re-check (复核) quarterly, cities roll up each semester, provinces each
 * school year. A submitted period's figures are frozen as a snapshot: later edits to cases
 * never change it.
 */

/**
 * POST /api/reporting/snapshots (permission `reports.submit`): freeze a node's period.
 * The node's kind must match the cadence (400 naming `periodKind`), the period must have
 * started (400 naming `period`), and a node has one snapshot per period (409 `snapshot.exists`,
 * with `context.snapshotId` naming the first).
 * A school's monthly snapshot is also frozen by POST /api/schools/:schoolId/monthly-reports.
 */
export interface SubmitPeriodSnapshot {
  node: NodeRef;
  periodKind: PeriodKind;
  /** `2026-11` (month), `2026-Q4` (quarter), `2026-2027-1` (semester), `2026-2027` (school year). */
  period: string;
  /** At most 2000 characters. */
  note?: string;
}

/** The node a snapshot was taken of, as it was named and placed then. */
export interface SnapshotNode {
  ref: NodeRef;
  kind: RegionKind | 'school';
  name: string;
  path: string;
}

/**
 * GET /api/reporting/snapshots?node=&periodKind=&below=&page=&pageSize= (permission
 * `figures.read`): the node's snapshots (default: the caller's scope root), newest period
 * first; with `below=true` also those of every node under it (e.g. a county's schools' months).
 */
export interface PeriodSnapshotQuery {
  node?: NodeRef;
  periodKind?: PeriodKind;
  below?: boolean;
  page?: number;
  /** At most 100; default 20. */
  pageSize?: number;
}

export interface PeriodSnapshotSummary {
  id: string;
  node: SnapshotNode;
  periodKind: PeriodKind;
  period: string;
  /** The period's first and last day (inclusive). */
  from: string;
  to: string;
  /** The day the figures are as of: the period's last day, or the submission day when earlier. */
  asOf: string;
  /** The node's headline figures as frozen. */
  figures: NodeFigures;
  submittedAt: string;
  /** Display name; null once the account is gone. */
  submittedByName: string | null;
  note: string | null;
}

/** GET /api/reporting/snapshots/:id: the whole frozen dashboard status of the node. */
export interface PeriodSnapshot extends PeriodSnapshotSummary {
  status: NodeStatus;
}

export type PeriodSnapshotPage = Page<PeriodSnapshotSummary>;

/** One school's monthly report for the period asked about. */
export interface SchoolReportStatus {
  school: { ref: NodeRef; id: string; name: string; regionName: string; path: string };
  submitted: boolean;
  submittedAt: string | null;
  /** Display name only. */
  submittedByName: string | null;
  /** The county's due day for the month (设置: schoolMonthlyReportDay). */
  dueOn: string;
  /** Not submitted and the due day has passed (China time). */
  overdue: boolean;
  /** The frozen snapshot of the school's month, when there is one. */
  snapshotId: string | null;
}

/**
 * GET /api/reporting/status?node=&period=YYYY-MM&q=&page=&pageSize= (permission
 * `figures.read`): which of the node's schools (every school under a region, or the school
 * itself) reported the month (default: the current month, China time). Schools not yet
 * submitted come first (overdue ones first), then by name; `q` filters by school name.
 */
export interface ReportingStatusQuery {
  node?: NodeRef;
  period?: string;
  q?: string;
  page?: number;
  /** At most 100; default 20. */
  pageSize?: number;
}

/** `items` is one page of schools; `total` the schools matching (all pages). */
export interface ReportingStatus extends Page<SchoolReportStatus> {
  node: SnapshotNode;
  period: { kind: 'month'; id: string; from: string; to: string };
  /** Counts over all the node's schools (not only this page, and whatever `q`). */
  counts: { schools: number; submitted: number; missing: number; overdue: number };
}
