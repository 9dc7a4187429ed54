import { GUARDIAN_RELATIONS, GuardianRelation } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Student } from './student.entity';

/** 监护人: a guardian of a child (家长防). */
@Entity('guardians')
export class Guardian {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'text' })
  fullName!: string;

  @Column({
    type: 'enum',
    enum: GUARDIAN_RELATIONS,
    enumName: 'guardian_relation',
  })
  relation!: GuardianRelation;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** 外出务工 */
  @Column({ type: 'boolean', default: false })
  worksAway!: boolean;

  @Column({ type: 'text', nullable: true })
  worksAwayPlace!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  // Relations
  @Index()
  @Column({ type: 'uuid' })
  studentId!: string;

  @ManyToOne(() => Student, (student) => student.guardians, {
    onDelete: 'CASCADE',
  })
  @JoinColumn({ name: 'student_id' })
  student?: Student;
}
