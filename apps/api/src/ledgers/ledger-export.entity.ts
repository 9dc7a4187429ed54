import { LEDGER_EXPORT_STATUSES, LEDGER_KINDS, LedgerExportStatus, LedgerKind } from '@baoxue/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { User } from '../users/user.entity';

/**
 * A ledger export run as a job, and its file: kept in PostgreSQL until `expiresAt`, seen and
 * downloaded only by the user who asked for it.
 */
@Entity('ledger_exports')
@Index('ledger_exports_user_created', ['userId', 'createdAt'])
export class LedgerExport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'enum', enum: LEDGER_KINDS, enumName: 'ledger_kind' })
  kind!: LedgerKind;

  /** `region:<id>` or `school:<id>`, resolved within the asker's scope when asked. */
  @Column({ type: 'text' })
  nodeRef!: string;

  @Column({ type: 'text' })
  nodeName!: string;

  /** The node's region path (a school's: its region's), for the audit log. */
  @Column({ type: 'text' })
  nodePath!: string;

  /** The day the ledger is as of. */
  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'boolean', default: false })
  revealed!: boolean;

  @Column({ type: 'enum', enum: LEDGER_EXPORT_STATUSES, enumName: 'ledger_export_status', default: 'queued' })
  status!: LedgerExportStatus;

  /** 0–100. */
  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'integer', default: 0 })
  rows!: number;

  @Column({ type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ type: 'bytea', nullable: true, select: false })
  file!: Buffer | null;

  /** A short error code when the job failed (never personal data). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Index('ledger_exports_expires_at')
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  // Relations
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_ledger_exports_user' })
  user?: User;
}
