import { CaseSettings } from '@baoxue/domain';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt, Version } from '../database/columns';
import { Region } from '../regions/region.entity';
import { User } from '../users/user.entity';

/**
 * The columns every per-county jsonb document table shares (county_settings,
 * county_early_warning_rules). The key and relations stay on each entity: their
 * constraint names differ per table.
 */
export abstract class CountyDocumentColumns {
  @Column({ type: 'uuid', nullable: true })
  updatedByUserId!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;
}

/** One county's (or management zone's) rules; a county without a row uses the defaults. */
@Entity('county_settings')
export class CountySettingsRow extends CountyDocumentColumns {
  @PrimaryColumn({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => Region, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'FK_county_settings_region' })
  region?: Region;

  @Column({ type: 'jsonb' })
  settings!: CaseSettings;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by_user_id', foreignKeyConstraintName: 'FK_county_settings_updated_by' })
  updatedBy?: User | null;
}
