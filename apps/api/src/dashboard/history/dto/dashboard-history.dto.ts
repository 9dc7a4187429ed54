import { ApiProperty } from '@nestjs/swagger';
import {
  Breakdowns,
  BreakdownRow,
  DashboardNode,
  LongestOpenCase,
  OverdueItemSummary,
  ResponsibleSummary,
  TrendGranularity,
  TrendPoint,
  Trends,
} from '@baoxue/contracts';
import {
  CASE_REASONS,
  CASE_SOURCES,
  CASE_STATES,
  CaseReason,
  CaseSource,
  CaseState,
  DUE_KINDS,
  DueKind,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const TREND_GRANULARITIES: readonly TrendGranularity[] = ['week', 'month'];

export class NodeQueryDto {
  /** `region:<id>` or `school:<id>`; default the root of the caller's scope. */
  @IsOptional()
  @IsString()
  node?: string;
}

export class TrendsQueryDto extends NodeQueryDto {
  /** `month` (default) or `week` (ISO weeks, Monday to Sunday). */
  @IsOptional()
  @IsIn(TREND_GRANULARITIES)
  @ApiProperty({ enum: TREND_GRANULARITIES, enumName: 'TrendGranularity', required: false })
  granularity?: TrendGranularity;

  /** First day (YYYY-MM-DD), its period included; default 12 months or 26 weeks back from `to`. */
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date written YYYY-MM-DD' })
  from?: string;

  /** Last day (YYYY-MM-DD), its period included; default today; not after today. */
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date written YYYY-MM-DD' })
  to?: string;
}

export class ListQueryDto extends NodeQueryDto {
  /** Rows, 1 to 100 (default 10). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class DashboardNodeDto implements DashboardNode {
  ref!: string;
  @ApiProperty({ type: String, description: 'A region kind or `school`' })
  kind!: DashboardNode['kind'];
  name!: string;
  path!: string;
  @ApiProperty({ type: String, nullable: true })
  parentRef!: string | null;
}

export class TrendPointDto implements TrendPoint {
  /** `2026-W48` or `2026-11`. */
  period!: string;
  from!: string;
  to!: string;
  /** Cases opened in the period. */
  opened!: number;
  /** Cases moved to monitoring by a return or placement in the period. */
  returned!: number;
  /** Cases open (劝返中) at the end of the period. */
  open!: number;
}

export class TrendsDto implements Trends {
  node!: DashboardNodeDto;
  @ApiProperty({ enum: TREND_GRANULARITIES, enumName: 'TrendGranularity' })
  granularity!: TrendGranularity;
  points!: TrendPointDto[];
}

export class BreakdownRowDto implements BreakdownRow {
  key!: string;
  count!: number;
}

export class ReasonRowDto extends BreakdownRowDto {
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason' })
  declare key: CaseReason;
}

export class SourceRowDto extends BreakdownRowDto {
  @ApiProperty({ enum: CASE_SOURCES, enumName: 'CaseSource' })
  declare key: CaseSource;
}

export class FlagRowDto extends BreakdownRowDto {
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag' })
  declare key: SpecialStatusFlag;
}

export class BreakdownsDto implements Breakdowns {
  node!: DashboardNodeDto;
  byReason!: ReasonRowDto[];
  /** Grade `0` for a child with no grade. */
  byGrade!: BreakdownRowDto[];
  bySource!: SourceRowDto[];
  byFlag!: FlagRowDto[];
}

export class ResponsibleSummaryDto implements ResponsibleSummary {
  name!: string;
  /** `government` or `education` (双线). */
  line!: string;
  level!: string;
}

export class LongestOpenCaseDto implements LongestOpenCase {
  caseId!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState' })
  state!: CaseState;
  openedAt!: string;
  daysOpen!: number;
  /** The village (户籍) the case is counted in. */
  regionName!: string;
  @ApiProperty({ type: String, nullable: true })
  schoolName!: string | null;
  responsibles!: ResponsibleSummaryDto[];
}

export class OverdueItemSummaryDto implements OverdueItemSummary {
  dueItemId!: string;
  @ApiProperty({ type: String, nullable: true })
  caseId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  schoolId!: string | null;
  @ApiProperty({ enum: DUE_KINDS, enumName: 'DueKind' })
  kind!: DueKind;
  dueOn!: string;
  daysOverdue!: number;
  regionName!: string;
  @ApiProperty({ type: String, nullable: true })
  schoolName!: string | null;
  responsibles!: ResponsibleSummaryDto[];
}
