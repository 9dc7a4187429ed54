import { SPECIAL_STATUS_FLAGS, SpecialStatusFlag } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Student } from './student.entity';

/** A special-status flag (留守, 残疾, …) held over a period. */
@Entity('student_flags')
@Index(['flag', 'studentId'])
export class StudentFlag {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({
    type: 'enum',
    enum: SPECIAL_STATUS_FLAGS,
    enumName: 'special_status_flag',
  })
  flag!: SpecialStatusFlag;

  @Column({ type: 'date' })
  fromDate!: string;

  @Column({ type: 'date', nullable: true })
  toDate!: string | null;

  /** e.g. disability category and grade; sensitive, masked by default. */
  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;

  @CreatedAt()
  createdAt!: Date;

  // Relations
  @Index()
  @Column({ type: 'uuid' })
  studentId!: string;

  @ManyToOne(() => Student, (student) => student.flags, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
