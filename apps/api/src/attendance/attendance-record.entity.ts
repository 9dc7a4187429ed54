import { ATTENDANCE_MARKS, AttendanceMark, EXCUSE_REASONS, ExcuseReason } from '@baoxue/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { Student } from '../students/student.entity';
import { User } from '../users/user.entity';

/**
 * One child's mark on one school day (点名). School, grade and class are kept as they were
 * on the day, so a later transfer or promotion does not rewrite past rolls.
 */
@Entity('attendance_records')
// Also serves a child's latest days first (a btree scans backwards as well as forwards).
@Unique('attendance_records_student_date', ['studentId', 'date'])
@Check('attendance_records_excuse_reason', `(mark = 'excused') = (excuse_reason IS NOT NULL)`)
@Index('attendance_records_school_date', ['schoolId', 'date'])
export class AttendanceRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** YYYY-MM-DD, the school day (China). */
  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'enum', enum: ATTENDANCE_MARKS, enumName: 'attendance_mark' })
  mark!: AttendanceMark;

  @Column({ type: 'enum', enum: EXCUSE_REASONS, enumName: 'excuse_reason', nullable: true })
  excuseReason!: ExcuseReason | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'smallint', nullable: true })
  grade!: number | null;

  @Column({ type: 'text', nullable: true })
  className!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @CreatedAt()
  createdAt!: Date;

  // Relations
  @Column({ type: 'uuid' })
  studentId!: string;

  @ManyToOne(() => Student, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'student_id', foreignKeyConstraintName: 'FK_attendance_records_student' })
  student?: Student;

  @Column({ type: 'uuid' })
  schoolId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_attendance_records_school' })
  school?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  recordedByUserId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_user_id', foreignKeyConstraintName: 'FK_attendance_records_recorded_by' })
  recordedBy?: User | null;
}
