import { SEXES, Sex } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, PATH_COLLATION, UpdatedAt, Version } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../regions/region.entity';
import { Guardian } from './guardian.entity';
import { StudentFlag } from './student-flag.entity';

export const ENROLMENT_STATUSES = ['enrolled', 'not_enrolled', 'transferred_out', 'graduated'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/**
 * A child of compulsory-school age (适龄儿童少年): a student if enrolled (学籍), else an
 * out-of-school child who may have no school and no usable ID number.
 */
@Entity('students')
@Index('students_school_grade', ['schoolId', 'grade', 'className'])
// A comparison's candidate match: the live children of a village with this name and birth date.
@Index('students_village_name_birth', ['regionPath', 'fullName', 'birthDate'], {
  where: 'merged_into_id IS NULL',
})
export class Student {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'text' })
  fullName!: string;

  @Column({ type: 'enum', enum: SEXES, enumName: 'sex' })
  sex!: Sex;

  @Column({ type: 'date' })
  birthDate!: string;

  /** AES-256-GCM ciphertext of the normalised ID number (iv ‖ tag ‖ data). */
  @Column({ type: 'bytea', nullable: true, select: false })
  idNumberCipher!: Buffer | null;

  /** Keyed HMAC-SHA-256 of the ID number: exact search and duplicate detection without decrypting. */
  @Index()
  @Column({ type: 'bytea', nullable: true, select: false })
  idNumberHash!: Buffer | null;

  /** `370829********123X`, what every list shows. */
  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumberMasked!: string | null;

  /** 学籍号: "G" + ID number for most students, "J…" for those without a usable one. */
  @Index({ unique: true, where: 'student_number IS NOT NULL' })
  @Column({ type: 'varchar', length: 32, nullable: true })
  studentNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  ethnicity!: string | null;

  @Column({ type: 'text', nullable: true })
  hukouAddress!: string | null;

  @Column({ type: 'text', nullable: true })
  currentAddress!: string | null;

  /** Path of the 户籍 village: where the child belongs for 乡村找. */
  @Index()
  @Column({ type: 'text', collation: PATH_COLLATION })
  regionPath!: string;

  /** Path of the school's region (denormalised), so a town sees the students of its schools. */
  @Index()
  @Column({ type: 'text', collation: PATH_COLLATION, nullable: true })
  schoolRegionPath!: string | null;

  @Column({
    type: 'enum',
    enum: ENROLMENT_STATUSES,
    enumName: 'enrolment_status',
    default: 'enrolled',
  })
  enrolmentStatus!: EnrolmentStatus;

  /** 1–9: grade of compulsory education (1–6 primary, 7–9 junior secondary). */
  @Column({ type: 'smallint', nullable: true })
  grade!: number | null;

  @Column({ type: 'text', nullable: true })
  className!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  @Column({ type: 'uuid', nullable: true })
  hukouRegionId!: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hukou_region_id' })
  hukouRegion?: Region | null;

  @Column({ type: 'uuid', nullable: true })
  schoolId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: Organisation | null;

  /** Set when this record was merged into another (kept for history, hidden from lists). */
  @Index('students_merged_into_id', { where: 'merged_into_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => Student, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'FK_students_merged_into' })
  mergedInto?: Student | null;

  @Column({ type: 'timestamptz', nullable: true })
  mergedAt!: Date | null;

  @OneToMany(() => Guardian, (guardian) => guardian.student)
  guardians?: Guardian[];

  @OneToMany(() => StudentFlag, (flag) => flag.student)
  flags?: StudentFlag[];
}
