import { NodeStatus, PeriodSnapshot, PeriodSnapshotSummary } from '@baoxue/contracts';
import { PeriodKind, RegionKind } from '@baoxue/domain';

/** A `period_snapshots` row as read (dates as text, see `SNAPSHOT_COLUMNS`). */
export interface SnapshotRow {
  id: string;
  node_kind: RegionKind | 'school';
  node_id: string;
  node_name: string;
  node_path: string;
  period_kind: PeriodKind;
  period: string;
  period_from: string;
  period_to: string;
  as_of: string;
  submitted_by_name: string | null;
  submitted_at: Date;
  note: string | null;
}

export const SNAPSHOT_COLUMNS = `s.id, s.node_kind, s.node_id, s.node_name, s.node_path, s.period_kind, s.period,
  s.period_from::text AS period_from, s.period_to::text AS period_to, s.as_of::text AS as_of,
  s.submitted_by_name, s.submitted_at, s.note`;

export function toSummary(row: SnapshotRow & { headline: NodeStatus['figures'] }): PeriodSnapshotSummary {
  const ref = `${row.node_kind === 'school' ? 'school' : 'region'}:${row.node_id}`;
  return {
    id: row.id,
    node: { ref, kind: row.node_kind, name: row.node_name, path: row.node_path },
    periodKind: row.period_kind,
    period: row.period,
    from: row.period_from,
    to: row.period_to,
    asOf: row.as_of,
    figures: row.headline,
    submittedAt: new Date(row.submitted_at).toISOString(),
    submittedByName: row.submitted_by_name,
    note: row.note,
  };
}

export function toSnapshot(row: SnapshotRow & { figures: NodeStatus }): PeriodSnapshot {
  return { ...toSummary({ ...row, headline: row.figures.figures }), status: row.figures };
}
