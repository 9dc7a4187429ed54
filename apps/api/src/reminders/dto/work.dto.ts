import { ApiProperty } from '@nestjs/swagger';
import { WorkItem, WorkList } from '@baoxue/contracts';
import { DUE_KINDS, DueKind, REMINDER_STAGES, ReminderStage } from '@baoxue/domain';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class WorkQueryDto {
  /** Days ahead the upcoming list reaches (default 14). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(90)
  days?: number;
}

export class WorkCaseDto {
  id!: string;
  /** Masked: the family name and one star (张*). */
  studentName!: string;
  state!: string;
}

export class WorkSchoolDto {
  id!: string;
  name!: string;
}

export class WorkItemDto implements WorkItem {
  id!: string;
  @ApiProperty({ enum: DUE_KINDS, enumName: 'DueKind' })
  kind!: DueKind;
  dueOn!: string;
  /** Whole days past the due day (0 on the day, negative before it). */
  daysOverdue!: number;
  overdue!: boolean;
  /** The last stage fired (null before the due-day reminder). */
  @ApiProperty({ enum: REMINDER_STAGES, enumName: 'ReminderStage', nullable: true })
  stage!: ReminderStage | null;
  @ApiProperty({ enum: ['responsible', 'escalated'] })
  role!: 'responsible' | 'escalated';
  @ApiProperty({ type: WorkCaseDto, nullable: true })
  case!: WorkCaseDto | null;
  @ApiProperty({ type: WorkSchoolDto, nullable: true })
  school!: WorkSchoolDto | null;
  link!: string;
}

export class WorkListDto implements WorkList {
  @ApiProperty({ type: WorkItemDto, isArray: true })
  overdue!: WorkItemDto[];
  @ApiProperty({ type: WorkItemDto, isArray: true })
  upcoming!: WorkItemDto[];
  overdueTotal!: number;
  upcomingTotal!: number;
}
