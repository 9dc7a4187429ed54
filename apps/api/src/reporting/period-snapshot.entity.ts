import { NodeStatus } from '@baoxue/contracts';
import { PERIOD_KINDS, PeriodKind, RegionKind } from '@baoxue/domain';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, PATH_COLLATION } from '../database/columns';

/**
 * A node's figures for a submitted period (四个一: 月报, 季度复核, 学期/学年汇总), frozen:
 * a trigger refuses UPDATE and DELETE, so later case changes never reach it. The node is
 * named and placed as it was then; no foreign keys, so nothing can cascade into it.
 */
@Entity('period_snapshots')
@Unique('period_snapshots_node_period', ['nodeId', 'periodKind', 'period'])
export class PeriodSnapshotRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  nodeKind!: RegionKind | 'school';

  /** The region's or the school's id. */
  @Column({ type: 'uuid' })
  nodeId!: string;

  /** Set for a school's snapshot: what a school-scoped user may see. */
  @Index('period_snapshots_school_id')
  @Column({ type: 'uuid', nullable: true })
  schoolId!: string | null;

  @Column({ type: 'text' })
  nodeName!: string;

  /** The region's path (a school's: its region's), for scope. */
  @Index('period_snapshots_node_path')
  @Column({ type: 'text', collation: PATH_COLLATION })
  nodePath!: string;

  @Column({ type: 'enum', enum: PERIOD_KINDS, enumName: 'period_kind' })
  periodKind!: PeriodKind;

  /** `2026-11`, `2026-Q4`, `2026-2027-1`, `2026-2027`. */
  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'date' })
  periodFrom!: string;

  @Column({ type: 'date' })
  periodTo!: string;

  /** The day the figures are as of: the period's last day, or the submission day when earlier. */
  @Column({ type: 'date' })
  asOf!: string;

  /** The node's whole dashboard status (aggregates only). */
  @Column({ type: 'jsonb' })
  figures!: NodeStatus;

  @Column({ type: 'uuid', nullable: true })
  submittedByUserId!: string | null;

  /** The submitter's display name then. */
  @Column({ type: 'text', nullable: true })
  submittedByName!: string | null;

  @Column({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreatedAt()
  createdAt!: Date;
}
