import { RiskRules } from '@baoxue/domain';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt, Version } from '../database/columns';
import { Region } from '../regions/region.entity';
import { User } from '../users/user.entity';

/** One county's early-warning rules; a county without a row uses DEFAULT_RISK_RULES. */
@Entity('county_early_warning_rules')
export class CountyEarlyWarningRulesRow {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_county_early_warning_rules' })
  regionId!: string;

  @ManyToOne(() => Region, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'FK_county_early_warning_rules_region' })
  region?: Region;

  @Column({ type: 'jsonb' })
  rules!: RiskRules;

  @Column({ type: 'uuid', nullable: true })
  updatedByUserId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'updated_by_user_id',
    foreignKeyConstraintName: 'FK_county_early_warning_rules_updated_by',
  })
  updatedBy?: User | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;
}
