import { DUPLICATE_REASONS, DUPLICATE_STATUSES, DuplicateReason, DuplicateStatus } from '@baoxue/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt, Version } from '../database/columns';
import { Student } from './student.entity';

/** 疑似重复: two records that may be the same child, until merged or dismissed. */
@Entity('student_duplicates')
@Unique('student_duplicates_pair', ['firstStudentId', 'secondStudentId'])
@Check('student_duplicates_ordered', 'first_student_id < second_student_id')
export class StudentDuplicate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'enum', enum: DUPLICATE_REASONS, enumName: 'student_duplicate_reason' })
  reason!: DuplicateReason;

  @Index('student_duplicates_status')
  @Column({ type: 'enum', enum: DUPLICATE_STATUSES, enumName: 'student_duplicate_status', default: 'open' })
  status!: DuplicateStatus;

  /** Why it was merged or dismissed. */
  @Column({ type: 'text', nullable: true })
  resolutionNote!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedByUserId!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  /** The smaller id of the pair. */
  @Column({ type: 'uuid' })
  firstStudentId!: string;

  @ManyToOne(() => Student, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'first_student_id', foreignKeyConstraintName: 'FK_student_duplicates_first' })
  first?: Student;

  @Index('student_duplicates_second_student_id')
  @Column({ type: 'uuid' })
  secondStudentId!: string;

  @ManyToOne(() => Student, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'second_student_id', foreignKeyConstraintName: 'FK_student_duplicates_second' })
  second?: Student;
}
