import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';

/** A school's monthly report (四个一: 月报) for a period `YYYY-MM`; its due item waits on it. */
@Entity('school_monthly_reports')
@Unique('school_monthly_reports_school_period', ['schoolId', 'period'])
export class SchoolMonthlyReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'char', length: 7 })
  period!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  submittedByUserId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'submitted_by_user_id', foreignKeyConstraintName: 'FK_school_monthly_reports_user' })
  submittedBy?: User | null;

  @CreatedAt()
  createdAt!: Date;

  @Column({ type: 'uuid' })
  schoolId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_school_monthly_reports_school' })
  school?: Organisation;
}
