import { RiskRules } from '@baoxue/domain';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Region } from '../regions/region.entity';
import { CountyDocumentColumns } from '../reminders/county-settings.entity';
import { User } from '../users/user.entity';

/** One county's early-warning rules; a county without a row uses DEFAULT_RISK_RULES. */
@Entity('county_early_warning_rules')
export class CountyEarlyWarningRulesRow extends CountyDocumentColumns {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_county_early_warning_rules' })
  regionId!: string;

  @ManyToOne(() => Region, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'FK_county_early_warning_rules_region' })
  region?: Region;

  @Column({ type: 'jsonb' })
  rules!: RiskRules;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'updated_by_user_id',
    foreignKeyConstraintName: 'FK_county_early_warning_rules_updated_by',
  })
  updatedBy?: User | null;
}
