import { ROLES, Role } from '@baoxue/domain';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, PATH_COLLATION, UpdatedAt, Version } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../regions/region.entity';

/** A sign-in account: one organisation, one role, one scope (a region subtree or one school). */
@Entity('users')
@Check('user_one_scope', `(scope_region_id IS NULL) <> (scope_school_id IS NULL)`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  /** Stored lower-case; unique. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'text' })
  displayName!: string;

  /** argon2id hash. Never selected unless asked for. */
  @Column({ type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role!: Role;

  /** Path of the scope region, or of the scope school's region; for scoping the user list itself. */
  @Index()
  @Column({ type: 'text', collation: PATH_COLLATION })
  scopePath!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** 负责人: heads the organisation (a school's principal); escalations reach the heads. */
  @Column({ type: 'boolean', default: false })
  headsOrganisation!: boolean;

  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  scopeRegionId!: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scope_region_id' })
  scopeRegion?: Region | null;

  @Column({ type: 'uuid', nullable: true })
  scopeSchoolId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scope_school_id' })
  scopeSchool?: Organisation | null;
}
