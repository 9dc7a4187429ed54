import {
  DEPARTMENT_KINDS,
  DepartmentKind,
  ORGANISATION_TYPES,
  OrganisationType,
  SCHOOL_LEVELS,
  SchoolLevel,
} from '@baoxue/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, PATH_COLLATION, UpdatedAt, Version } from '../database/columns';
import { Region } from '../regions/region.entity';

/** An organisation users belong to: the bureau, a school, a government, a village committee, a department. */
@Entity('organisations')
@Check(
  'organisation_school_fields',
  `type <> 'school' OR (school_code IS NOT NULL AND school_level IS NOT NULL)`,
)
@Check('organisation_department_kind', `(type = 'department') = (department_kind IS NOT NULL)`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'text' })
  name!: string;

  @Column({
    type: 'enum',
    enum: ORGANISATION_TYPES,
    enumName: 'organisation_type',
  })
  type!: OrganisationType;

  /** Denormalised path of its region, so scope checks are one indexed predicate. */
  @Index()
  @Column({ type: 'text', collation: PATH_COLLATION })
  regionPath!: string;

  @Column({
    type: 'enum',
    enum: DEPARTMENT_KINDS,
    enumName: 'department_kind',
    nullable: true,
  })
  departmentKind!: DepartmentKind | null;

  /** 学校标识码, 10 digits. */
  @Index({ unique: true, where: 'school_code IS NOT NULL' })
  @Column({ type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({
    type: 'enum',
    enum: SCHOOL_LEVELS,
    enumName: 'school_level',
    nullable: true,
  })
  schoolLevel!: SchoolLevel | null;

  /** 学区, e.g. 进士张学区. */
  @Column({ type: 'text', nullable: true })
  schoolDistrict!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  @Index()
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id' })
  region?: Region;
}
