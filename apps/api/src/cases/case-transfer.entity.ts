import { TRANSFER_STATUSES, TransferStatus } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, PATH_COLLATION, UpdatedAt, Version } from '../database/columns';
import { Region } from '../regions/region.entity';
import { Case } from './case.entity';

/** Name of the partial unique index: at most one pending (offered) transfer per case. */
export const ONE_PENDING_TRANSFER_INDEX = 'case_transfers_one_pending_per_case';

/**
 * An offer of a case to another county-level region (跨区域转出/接收). While offered the
 * case stays with the sender; accepted, it belongs to the receiver.
 */
@Entity('case_transfers')
@Index(ONE_PENDING_TRANSFER_INDEX, ['caseId'], { unique: true, where: `status = 'offered'` })
export class CaseTransfer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'enum', enum: TRANSFER_STATUSES, enumName: 'transfer_status', default: 'offered' })
  status!: TransferStatus;

  @Column({ type: 'text' })
  reason!: string;

  /** The target's path, copied: the receiver's incoming list is one indexed prefix predicate. */
  @Index('case_transfers_to_region_path')
  @Column({ type: 'text', collation: PATH_COLLATION })
  toRegionPath!: string;

  /** The case's 户籍 path when offered (kept: the case's own path moves on acceptance). */
  @Column({ type: 'text', collation: PATH_COLLATION })
  fromCasePath!: string;

  @Column({ type: 'timestamptz' })
  offeredAt!: Date;

  @Column({ type: 'text', nullable: true })
  offeredByName!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decidedByName!: string | null;

  @Column({ type: 'text', nullable: true })
  declineReason!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  @Index('case_transfers_case_id')
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_transfers_case' })
  case?: Case;

  /** The sender's county-level region. */
  @Column({ type: 'uuid' })
  fromRegionId!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_region_id', foreignKeyConstraintName: 'FK_case_transfers_from_region' })
  fromRegion?: Region;

  @Column({ type: 'uuid' })
  toRegionId!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_region_id', foreignKeyConstraintName: 'FK_case_transfers_to_region' })
  toRegion?: Region;

  @Column({ type: 'uuid', nullable: true })
  offeredByUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId!: string | null;
}
