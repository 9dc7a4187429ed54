import { ApiProperty } from '@nestjs/swagger';
import { AuditEventView, AuditQuery, Page } from '@baoxue/contracts';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class AuditEventDto implements AuditEventView {
  id!: string;
  occurredAt!: string;
  action!: string;
  entityType!: string | null;
  entityId!: string | null;
  actorUserId!: string | null;
  actorUsername!: string | null;
  reason!: string | null;
  clientIp!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details!: Record<string, unknown> | null;
}

export class AuditPageDto implements Page<AuditEventView> {
  items!: AuditEventDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class AuditQueryDto implements AuditQuery {
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be a lower-case word' })
  entityType?: string;

  /** Exact action, or a prefix ending in `.` such as `student.`. */
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]*)?$/, { message: 'action must look like student.read or student.' })
  action?: string;

  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @IsOptional()
  @IsDateString()
  from?: string;

  @IsOptional()
  @IsDateString()
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
