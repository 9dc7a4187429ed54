import { ApiProperty } from '@nestjs/swagger';
import {
  Page,
  PeriodSnapshot,
  PeriodSnapshotQuery,
  PeriodSnapshotSummary,
  ReportingStatus,
  ReportingStatusQuery,
  SchoolReportStatus,
  SnapshotNode,
  SubmitPeriodSnapshot,
} from '@baoxue/contracts';
import { PERIOD_KINDS, PeriodKind, REGION_KINDS, RegionKind } from '@baoxue/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { NodeFiguresDto, NodeStatusDto } from '../../dashboard/dto/status.dto';

const NODE_KINDS = [...REGION_KINDS, 'school'] as const;

export class SubmitPeriodSnapshotDto implements SubmitPeriodSnapshot {
  /** The node to freeze: `region:<uuid>` (a county, zone, city or province). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  node!: string;

  /** Must be the node's cadence: quarter (county, zone), semester (city), school_year (province). */
  @IsIn(PERIOD_KINDS)
  @ApiProperty({ enum: PERIOD_KINDS, enumName: 'PeriodKind' })
  periodKind!: PeriodKind;

  /** `2026-Q4`, `2026-2027-1` (first term), `2026-2027`; the period must have started. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  period!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PeriodSnapshotQueryDto extends PageQueryDto implements PeriodSnapshotQuery {
  /** `region:<uuid>` or `school:<uuid>`; default: the root of the caller's scope. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  node?: string;

  @IsOptional()
  @IsIn(PERIOD_KINDS)
  @ApiProperty({ enum: PERIOD_KINDS, enumName: 'PeriodKind', required: false })
  periodKind?: PeriodKind;

  /** Also the snapshots of every node under `node`. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  below?: boolean;
}

export class ReportingStatusQueryDto extends PageQueryDto implements ReportingStatusQuery {
  /** `region:<uuid>` or `school:<uuid>`; default: the root of the caller's scope. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  node?: string;

  /** The month, `YYYY-MM`; default: the current month (China time). */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month written YYYY-MM' })
  period?: string;
}

export class SnapshotNodeDto implements SnapshotNode {
  ref!: string;
  @ApiProperty({ enum: NODE_KINDS })
  kind!: RegionKind | 'school';
  name!: string;
  path!: string;
}

export class PeriodSnapshotSummaryDto implements PeriodSnapshotSummary {
  id!: string;
  node!: SnapshotNodeDto;
  @ApiProperty({ enum: PERIOD_KINDS, enumName: 'PeriodKind' })
  periodKind!: PeriodKind;
  period!: string;
  from!: string;
  to!: string;
  /** The day the figures are as of. */
  asOf!: string;
  /** The node's headline figures as frozen. */
  figures!: NodeFiguresDto;
  submittedAt!: string;
  submittedByName!: string | null;
  note!: string | null;
}

export class PeriodSnapshotDto extends PeriodSnapshotSummaryDto implements PeriodSnapshot {
  /** The node's whole dashboard status as frozen (as GET /api/dashboard/status answered then). */
  status!: NodeStatusDto;
}

export class PeriodSnapshotPageDto implements Page<PeriodSnapshotSummary> {
  items!: PeriodSnapshotSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class ReportingSchoolDto {
  ref!: string;
  id!: string;
  name!: string;
  regionName!: string;
  path!: string;
}

export class SchoolReportStatusDto implements SchoolReportStatus {
  school!: ReportingSchoolDto;
  submitted!: boolean;
  submittedAt!: string | null;
  submittedByName!: string | null;
  dueOn!: string;
  overdue!: boolean;
  snapshotId!: string | null;
}

export class ReportingPeriodDto {
  @ApiProperty({ enum: ['month'] })
  kind!: 'month';
  id!: string;
  from!: string;
  to!: string;
}

export class ReportingCountsDto {
  schools!: number;
  submitted!: number;
  missing!: number;
  overdue!: number;
}

export class ReportingStatusDto implements ReportingStatus {
  node!: SnapshotNodeDto;
  period!: ReportingPeriodDto;
  counts!: ReportingCountsDto;
  items!: SchoolReportStatusDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}
