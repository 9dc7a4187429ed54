import { DUE_KINDS, DueKind, REMINDER_STAGES, ReminderStage } from '@baoxue/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { CreatedAt, PATH_COLLATION, UpdatedAt } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';

export const DUE_STATUSES = ['pending', 'done', 'cancelled'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];

/**
 * Something that must be done by a day (a verification, a follow-up, a check-in, a school's
 * report). PostgreSQL is the source of truth: queue jobs are derived from the pending rows,
 * one per (item, stage), and a sweep re-creates any Redis has lost.
 */
@Entity('due_items')
@Check('due_items_subject', 'case_id IS NOT NULL OR school_id IS NOT NULL')
// A firing job's batch: the items after its own due at the same stage and instant.
@Index('due_items_pending_stage_fire_at', ['nextStage', 'nextFireAt', 'id'], { where: "status = 'pending'" })
@Index('due_items_pending_due_on', ['dueOn'], { where: "status = 'pending'" })
export class DueItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Deterministic: `case:<id>:<kind>:<ref>:<dueOn>` or `school:<id>:school_report:<period>:<dueOn>`. */
  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ type: 'enum', enum: DUE_KINDS, enumName: 'due_kind' })
  kind!: DueKind;

  @Column({ type: 'text' })
  ref!: string;

  @Column({ type: 'date' })
  dueOn!: string;

  /** The case's (or the school's) region path, for scope. */
  @Index('due_items_region_path')
  @Column({ type: 'text', collation: PATH_COLLATION })
  regionPath!: string;

  @Column({ type: 'enum', enum: DUE_STATUSES, enumName: 'due_status', default: 'pending' })
  status!: DueStatus;

  /** The next stage to fire; null once the last has fired. */
  @Column({ type: 'enum', enum: REMINDER_STAGES, enumName: 'reminder_stage', nullable: true, default: 'due' })
  nextStage!: ReminderStage | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextFireAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  // Relations
  @Index('due_items_case_id')
  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @ManyToOne(() => Case, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_due_items_case' })
  case?: Case | null;

  @Index('due_items_school_id')
  @Column({ type: 'uuid', nullable: true })
  schoolId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_due_items_school' })
  school?: Organisation | null;
}
