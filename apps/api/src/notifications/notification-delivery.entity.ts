import { DELIVERY_STATUSES, DeliveryStatus } from '@baoxue/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { NotificationChannelRow } from './notification-channel.entity';
import { Notification } from './notification.entity';

export const DELIVERY_CHANNELS = ['webhook', 'sms'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * A notification sent over an outside channel, each retried on its own so a failing one
 * never holds up the others. `dedupeKey` is `<notificationId>:webhook:<channelId>` or
 * `<notificationId>:sms`.
 */
@Entity('notification_deliveries')
@Index('notification_deliveries_channel_id', ['channelId', 'createdAt'])
@Index('notification_deliveries_pending', ['createdAt'], { where: "status = 'pending'" })
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  dedupeKey!: string;

  @Column({ type: 'enum', enum: DELIVERY_CHANNELS, enumName: 'delivery_channel' })
  channel!: DeliveryChannel;

  /** The channel's name, or the masked phone number: never the number itself. */
  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'enum', enum: DELIVERY_STATUSES, enumName: 'delivery_status', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  @Index('notification_deliveries_notification_id')
  @Column({ type: 'uuid' })
  notificationId!: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'notification_id',
    foreignKeyConstraintName: 'FK_notification_deliveries_notification',
  })
  notification?: Notification;

  @Column({ type: 'uuid', nullable: true })
  channelId!: string | null;

  @ManyToOne(() => NotificationChannelRow, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'FK_notification_deliveries_channel' })
  channelRow?: NotificationChannelRow | null;
}
