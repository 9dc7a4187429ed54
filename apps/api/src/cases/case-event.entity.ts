import { CASE_STATES, CaseState, TRANSITION_NAMES, TransitionName } from '@baoxue/domain';
import { CaseEventKind } from '@baoxue/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from './case.entity';
import { CASE_EVENT_KINDS } from './case-rules';

/** The case's timeline: append-only (a trigger refuses UPDATE and DELETE). */
@Entity('case_events')
@Index('case_events_case_at', ['caseId', 'at'])
@Index('case_events_state_changes_at', ['at'], { where: 'to_state IS NOT NULL' })
export class CaseEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'enum', enum: CASE_EVENT_KINDS, enumName: 'case_event_kind' })
  kind!: CaseEventKind;

  @Column({ type: 'enum', enum: TRANSITION_NAMES, enumName: 'case_transition', nullable: true })
  transition!: TransitionName | null;

  @Column({ type: 'enum', enum: CASE_STATES, enumName: 'case_state', nullable: true })
  fromState!: CaseState | null;

  @Column({ type: 'enum', enum: CASE_STATES, enumName: 'case_state', nullable: true })
  toState!: CaseState | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Codes, dates and ids only: never personal data values. */
  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'text', nullable: true })
  actorName!: string | null;

  // Relations
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_events_case' })
  case?: Case;

  @Index('case_events_actor_user_id')
  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;
}
