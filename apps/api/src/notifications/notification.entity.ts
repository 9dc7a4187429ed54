import { REMINDER_STAGES, ReminderStage } from '@baoxue/domain';
import { NOTIFICATION_KINDS, NotificationKind } from '@baoxue/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { CaseResponsible } from '../cases/case-responsible.entity';
import { CreatedAt } from '../database/columns';
import { DueItem } from '../reminders/due-item.entity';
import { User } from '../users/user.entity';

/**
 * One message to one recipient: the in-app inbox row itself, and the parent of its outside
 * deliveries. `dedupeKey` (item, stage, recipient — or digest day and recipient) is unique,
 * so a retried job finds the row already there and sends nothing twice.
 */
@Entity('notifications')
@Check('notifications_recipient', 'recipient_user_id IS NOT NULL OR recipient_responsible_id IS NOT NULL')
@Index('notifications_recipient_created', ['recipientUserId', 'createdAt'])
@Index('notifications_recipient_unread', ['recipientUserId'], { where: 'read_at IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  dedupeKey!: string;

  @Column({ type: 'enum', enum: NOTIFICATION_KINDS, enumName: 'notification_kind' })
  kind!: NotificationKind;

  @Column({ type: 'enum', enum: REMINDER_STAGES, enumName: 'reminder_stage', nullable: true })
  stage!: ReminderStage | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;

  // Relations
  @Index('notifications_due_item_id')
  @Column({ type: 'uuid', nullable: true })
  dueItemId!: string | null;

  @ManyToOne(() => DueItem, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'due_item_id', foreignKeyConstraintName: 'FK_notifications_due_item' })
  dueItem?: DueItem | null;

  @Index('notifications_case_id')
  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @ManyToOne(() => Case, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_notifications_case' })
  case?: Case | null;

  @Column({ type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id', foreignKeyConstraintName: 'FK_notifications_recipient_user' })
  recipientUser?: User | null;

  /** A responsible person without an account: reached by SMS only. */
  @Column({ type: 'uuid', nullable: true })
  recipientResponsibleId!: string | null;

  @ManyToOne(() => CaseResponsible, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'recipient_responsible_id',
    foreignKeyConstraintName: 'FK_notifications_recipient_responsible',
  })
  recipientResponsible?: CaseResponsible | null;
}
