import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PATH_COLLATION } from '../database/columns';

/**
 * One dashboard count of one node, kept current by triggers (migration 1796900000000, which
 * lists the metrics): a region path (`/37/3708/`) or `school:<uuid>`. Every read is a lookup
 * or a short range of the primary key.
 */
@Entity('figure_counts')
export class FigureCount {
  @PrimaryColumn({ type: 'text', collation: PATH_COLLATION, primaryKeyConstraintName: 'PK_figure_counts' })
  node!: string;

  @PrimaryColumn({ type: 'text', collation: PATH_COLLATION, primaryKeyConstraintName: 'PK_figure_counts' })
  metric!: string;

  // Fields
  @Column({ type: 'integer', default: 0 })
  n!: number;
}
