import {
  CASE_SOURCES,
  CASE_STATES,
  CASE_TYPES,
  CaseSource,
  CaseState,
  CaseType,
  ESCALATION_STEPS,
  EscalationStep,
  EXCLUSION_REASONS,
  ExclusionReason,
  PLACEMENT_TYPES,
  PlacementType,
  RETURN_MODES,
  ReturnMode,
  CASE_REASONS,
  CaseReason,
  OPEN_STATES,
} from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, PATH_COLLATION, UpdatedAt, Version } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { Student } from '../students/student.entity';

/** Name of the partial unique index: at most one open case per child (OPEN_STATES). */
export const ONE_OPEN_CASE_INDEX = 'cases_one_open_per_student';
export const OPEN_STATES_SQL = OPEN_STATES.map((state) => `'${state}'`).join(', ');

/** 一人一案: one case of one child, from the first sign of dropping out until it is closed. */
@Entity('cases')
@Index(ONE_OPEN_CASE_INDEX, ['studentId'], { unique: true, where: `state IN (${OPEN_STATES_SQL})` })
@Index('cases_unsettled_opened_at', ['openedAt'], {
  where: "state IN ('suspected', 'verifying', 'persuading')",
})
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'enum', enum: CASE_TYPES, enumName: 'case_type' })
  type!: CaseType;

  @Column({ type: 'enum', enum: CASE_SOURCES, enumName: 'case_source' })
  source!: CaseSource;

  @Column({ type: 'enum', enum: CASE_REASONS, enumName: 'case_reason' })
  primaryReason!: CaseReason;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  otherReasons!: CaseReason[];

  @Column({ type: 'text', nullable: true })
  reasonNote!: string | null;

  /** 去向 */
  @Column({ type: 'text', nullable: true })
  whereabouts!: string | null;

  /** 一人一案: the plan for this child. */
  @Column({ type: 'text', nullable: true })
  plan!: string | null;

  @Index('cases_state')
  @Column({ type: 'enum', enum: CASE_STATES, enumName: 'case_state', default: 'suspected' })
  state!: CaseState;

  @Column({ type: 'boolean', default: false })
  closingRequested!: boolean;

  /** Who requested closing: someone else must approve (四眼原则). */
  @Column({ type: 'uuid', nullable: true })
  closingRequestedByUserId!: string | null;

  /** The first day of unexplained absence, as the reporter saw it. */
  @Column({ type: 'date', nullable: true })
  absentSince!: string | null;

  /** Return or placement date that started the monitoring window. */
  @Column({ type: 'date', nullable: true })
  monitoringStartedOn!: string | null;

  @Column({ type: 'enum', enum: EXCLUSION_REASONS, enumName: 'exclusion_reason', nullable: true })
  exclusionReason!: ExclusionReason | null;

  @Column({ type: 'text', nullable: true })
  evidenceNote!: string | null;

  @Column({ type: 'date', nullable: true })
  returnDate!: string | null;

  @Column({ type: 'enum', enum: RETURN_MODES, enumName: 'return_mode', nullable: true })
  returnMode!: ReturnMode | null;

  @Column({ type: 'enum', enum: PLACEMENT_TYPES, enumName: 'placement_type', nullable: true })
  placementType!: PlacementType | null;

  @Column({ type: 'date', nullable: true })
  placementDate!: string | null;

  @Column({ type: 'text', nullable: true })
  placementEvidence!: string | null;

  @Column({ type: 'text', nullable: true })
  assessmentNote!: string | null;

  /** Recorded persuasion attempts (isPersuasionAttempt), kept by intervention writes. */
  @Column({ type: 'integer', default: 0 })
  persuasionAttempts!: number;

  @Column({ type: 'enum', enum: ESCALATION_STEPS, enumName: 'escalation_step', nullable: true })
  highestStep!: EscalationStep | null;

  /**
   * The latest intervention's next follow-up, else its day + the follow-up days; kept by
   * intervention writes so overdue filters and follow-up sorting use an index.
   */
  @Index('cases_next_follow_up_on')
  @Column({ type: 'date', nullable: true })
  nextFollowUpOn!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The child's 户籍 village path, copied when the case opens: where 乡村找 looks. */
  @Index('cases_region_path')
  @Column({ type: 'text', collation: PATH_COLLATION })
  regionPath!: string;

  /** The school's region path, copied, so a town sees the cases of its schools. */
  @Index('cases_school_region_path')
  @Column({ type: 'text', collation: PATH_COLLATION, nullable: true })
  schoolRegionPath!: string | null;

  /** 重点: the child is on a poverty-monitoring or special list (set by a comparison run). */
  @Column({ type: 'boolean', default: false })
  priority!: boolean;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  @Index('cases_student_id')
  @Column({ type: 'uuid' })
  studentId!: string;

  @ManyToOne(() => Student, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id', foreignKeyConstraintName: 'FK_cases_student' })
  student?: Student;

  /** The child's school when the case opened. */
  @Index('cases_school_id')
  @Column({ type: 'uuid', nullable: true })
  schoolId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_cases_school' })
  school?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  returnSchoolId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'return_school_id', foreignKeyConstraintName: 'FK_cases_return_school' })
  returnSchool?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  openedByUserId!: string | null;
}
