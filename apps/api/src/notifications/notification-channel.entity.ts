import { CHANNEL_KINDS, ChannelKind } from '@baoxue/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt, Version } from '../database/columns';
import { Organisation } from '../organisations/organisation.entity';

/**
 * A group robot (企业微信 / 钉钉) an organisation's notifications are also posted to. The
 * webhook URL carries its access key and the signing secret is one: both encrypted at rest.
 */
@Entity('notification_channels')
export class NotificationChannelRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'enum', enum: CHANNEL_KINDS, enumName: 'channel_kind' })
  kind!: ChannelKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'bytea' })
  urlCipher!: Buffer;

  @Column({ type: 'text' })
  urlMasked!: string;

  @Column({ type: 'bytea', nullable: true })
  secretCipher!: Buffer | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Version()
  version!: number;

  @Index('notification_channels_organisation_id')
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_notification_channels_organisation' })
  organisation?: Organisation;
}
