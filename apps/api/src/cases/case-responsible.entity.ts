import { LEVELS, Level, LINES, Line, PARTIES, Party } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { Case } from './case.entity';

/** A named responsible person on one of the two lines (双线责任人) of a case. */
@Entity('case_responsibles')
@Index('case_responsibles_case_line', ['caseId', 'line'])
export class CaseResponsible {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: PARTIES, enumName: 'party' })
  party!: Party;

  @Column({ type: 'enum', enum: LINES, enumName: 'responsibility_line' })
  line!: Line;

  @Column({ type: 'enum', enum: LEVELS, enumName: 'responsibility_level' })
  level!: Level;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  // Relations
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_responsibles_case' })
  case?: Case;

  @Index('case_responsibles_user_id')
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_case_responsibles_user' })
  user?: User | null;

  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_case_responsibles_organisation' })
  organisation?: Organisation | null;
}
