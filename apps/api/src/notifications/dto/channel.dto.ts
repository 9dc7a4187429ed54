import { ApiProperty } from '@nestjs/swagger';
import {
  CHANNEL_KINDS,
  ChannelKind,
  ChannelTestResult,
  CreateNotificationChannel,
  DELIVERY_STATUSES,
  DeliveryStatus,
  NotificationChannel,
  NotificationDelivery,
  UpdateNotificationChannel,
} from '@baoxue/contracts';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';

export class NotificationChannelDto implements NotificationChannel {
  id!: string;
  organisationId!: string;
  organisationName!: string;
  @ApiProperty({ enum: CHANNEL_KINDS, enumName: 'ChannelKind' })
  kind!: ChannelKind;
  name!: string;
  /** The URL with its key masked; the URL itself is never returned. */
  urlMasked!: string;
  hasSecret!: boolean;
  enabled!: boolean;
  /** Optimistic-lock version: send it back with an update. */
  version!: number;
  /** Deliveries that gave up after every retry, within the last 7 days. */
  recentFailures!: number;
  lastError!: string | null;
  lastErrorAt!: string | null;
}

export class ChannelListQueryDto {
  /** Only this organisation's channels (404 outside your scope). */
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class CreateNotificationChannelDto implements CreateNotificationChannel {
  /** The organisation whose notifications it receives; must be within your scope. */
  @IsUUID()
  organisationId!: string;

  @IsIn(CHANNEL_KINDS)
  @ApiProperty({ enum: CHANNEL_KINDS, enumName: 'ChannelKind' })
  kind!: ChannelKind;

  /** e.g. 控辍保学工作群. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  /** The robot's webhook URL (https; in production the robot's own host). Stored encrypted. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  url!: string;

  /** DingTalk's signing secret (加签). Stored encrypted. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  secret?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateNotificationChannelDto implements UpdateNotificationChannel {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  url?: string;

  /** A new signing secret, or null to remove it. */
  @IsOptional() // also lets null through
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @ApiProperty({ type: String, nullable: true, required: false })
  secret?: string | null;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;
}

export class DeliveryListQueryDto {
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus', required: false })
  status?: DeliveryStatus;
}

export class NotificationDeliveryDto implements NotificationDelivery {
  id!: string;
  @ApiProperty({ enum: ['webhook', 'sms'], enumName: 'DeliveryChannel' })
  channel!: 'webhook' | 'sms';
  channelId!: string | null;
  /** The channel's name or the masked phone number. */
  target!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' })
  status!: DeliveryStatus;
  attempts!: number;
  lastError!: string | null;
  sentAt!: string | null;
  createdAt!: string;
  notificationTitle!: string;
}

export class ChannelTestResultDto implements ChannelTestResult {
  ok!: boolean;
  error!: string | null;
}
