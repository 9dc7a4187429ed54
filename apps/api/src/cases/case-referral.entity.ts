import { REFERRAL_NEEDS, REFERRAL_STATUSES, ReferralNeed, ReferralStatus } from '@baoxue/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt, Version } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';
import { Case } from './case.entity';

/** Name of the partial unique index: one active (offered or accepted) referral per case and department. */
export const ONE_ACTIVE_REFERRAL_INDEX = 'case_referrals_one_active_per_department';

/** A case referred to a department (部门转介): what is needed, and what the department answered. */
@Entity('case_referrals')
@Index(ONE_ACTIVE_REFERRAL_INDEX, ['caseId', 'departmentId'], {
  unique: true,
  where: `status IN ('offered', 'accepted')`,
})
@Index('case_referrals_department_status', ['departmentId', 'status'])
export class CaseReferral {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'enum', enum: REFERRAL_NEEDS, enumName: 'referral_need' })
  need!: ReferralNeed;

  @Column({ type: 'text' })
  request!: string;

  @Column({ type: 'enum', enum: REFERRAL_STATUSES, enumName: 'referral_status', default: 'offered' })
  status!: ReferralStatus;

  @Column({ type: 'timestamptz' })
  referredAt!: Date;

  @Column({ type: 'text', nullable: true })
  referredByName!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decidedByName!: string | null;

  @Column({ type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  respondedByName!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  // Relations
  @Index('case_referrals_case_id')
  @Column({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_referrals_case' })
  case?: Case;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'FK_case_referrals_department' })
  department?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  referredByUserId!: string | null;

  /** The referrer's organisation, shown to the department. */
  @Column({ type: 'uuid', nullable: true })
  referredByOrganisationId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'referred_by_organisation_id',
    foreignKeyConstraintName: 'FK_case_referrals_referred_by_organisation',
  })
  referredByOrganisation?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondedByUserId!: string | null;

  /** The responsible-person row made when the department accepted. */
  @Column({ type: 'uuid', nullable: true })
  responsibleId!: string | null;
}
