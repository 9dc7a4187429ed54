import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';

/**
 * That a class took its roll on a day, by whom and when: what tells "taken" from
 * "not taken" for the summary (a class with no row here took no roll that day).
 */
@Entity('attendance_rolls')
// Leads with (school_id, date): the summary's lookup.
@Unique('attendance_rolls_class_date', ['schoolId', 'date', 'grade', 'className'])
export class AttendanceRoll {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'smallint' })
  grade!: number;

  @Column({ type: 'text' })
  className!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  takenAt!: Date;

  @CreatedAt()
  createdAt!: Date;

  // Relations
  @Column({ type: 'uuid' })
  schoolId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_attendance_rolls_school' })
  school?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  takenByUserId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'taken_by_user_id', foreignKeyConstraintName: 'FK_attendance_rolls_taken_by' })
  takenBy?: User | null;
}
