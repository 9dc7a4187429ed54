import { ApiProperty } from '@nestjs/swagger';
import {
  InboxNotification,
  NOTIFICATION_KINDS,
  NotificationKind,
  Page,
  UnreadCount,
} from '@baoxue/contracts';
import { DUE_KINDS, DueKind, REMINDER_STAGES, ReminderStage } from '@baoxue/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class InboxNotificationDto implements InboxNotification {
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' })
  kind!: NotificationKind;
  @ApiProperty({ enum: REMINDER_STAGES, enumName: 'ReminderStage', nullable: true })
  stage!: ReminderStage | null;
  /** What is due, for reminders and escalations. */
  @ApiProperty({ enum: DUE_KINDS, enumName: 'DueKind', nullable: true })
  dueKind!: DueKind | null;
  title!: string;
  body!: string;
  /** Where it leads in the web app, e.g. `/cases/<id>`. */
  link!: string | null;
  createdAt!: string;
  readAt!: string | null;
}

export class InboxPageDto implements Page<InboxNotification> {
  items!: InboxNotificationDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class InboxQueryDto extends PageQueryDto {
  /** `true`: unread only. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  @ApiProperty({ type: Boolean, required: false })
  unread?: boolean;
}

export class UnreadCountDto implements UnreadCount {
  unread!: number;
}
