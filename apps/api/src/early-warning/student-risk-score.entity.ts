import { RiskReason } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PATH_COLLATION } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { Student } from '../students/student.entity';

/**
 * A child's dropout-risk score as last assessed: derived data, always rebuilt from raw records
 * by the recompute. School, region path, grade and class are copied so the watch list reads
 * one table. The path is the school's region (the watch list is a school's list).
 */
@Entity('student_risk_scores')
@Index('student_risk_scores_watch_school', ['schoolId', 'score'], { where: 'watch' })
@Index('student_risk_scores_watch_region', ['regionPath', 'score'], { where: 'watch' })
export class StudentRiskScore {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_student_risk_scores' })
  studentId!: string;

  @ManyToOne(() => Student, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'student_id', foreignKeyConstraintName: 'FK_student_risk_scores_student' })
  student?: Student;

  @Column({ type: 'smallint' })
  score!: number;

  @Column({ type: 'jsonb' })
  reasons!: RiskReason[];

  @Column({ type: 'text' })
  summaryZh!: string;

  @Column({ type: 'boolean' })
  watch!: boolean;

  @Column({ type: 'uuid', nullable: true })
  schoolId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_student_risk_scores_school' })
  school?: Organisation | null;

  @Column({ type: 'text', collation: PATH_COLLATION, nullable: true })
  regionPath!: string | null;

  @Column({ type: 'smallint', nullable: true })
  grade!: number | null;

  @Column({ type: 'text', nullable: true })
  className!: string | null;

  @Column({ type: 'timestamptz' })
  assessedAt!: Date;
}
