import { ApiProperty } from '@nestjs/swagger';
import { Page, WatchListEntry, WatchListQuery } from '@baoxue/contracts';
import { RISK_REASON_CODES, RiskReason, RiskReasonCode } from '@baoxue/domain';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PagingQueryDto } from '../../common/dto/page-query.dto';
import { IsGrade } from '../../common/dto/school-class';

export class WatchListQueryDto extends PagingQueryDto implements WatchListQuery {
  /** School staff: their own school (the default); others: a school within their scope. */
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsGrade()
  grade?: number;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  className?: string;
}

export class RiskReasonDto implements RiskReason {
  @ApiProperty({ enum: RISK_REASON_CODES, enumName: 'RiskReasonCode' })
  code!: RiskReasonCode;
  weight!: number;
  /** e.g. 近20个教学日缺勤6天 */
  zh!: string;
  en!: string;
}

export class WatchListEntryDto implements WatchListEntry {
  studentId!: string;
  fullName!: string;
  grade!: number | null;
  className!: string | null;
  schoolId!: string | null;
  schoolName!: string | null;
  score!: number;
  @ApiProperty({ type: RiskReasonDto, isArray: true })
  reasons!: RiskReasonDto[];
  summaryZh!: string;
  assessedAt!: string;
  openCaseId!: string | null;
}

export class WatchListPageDto implements Page<WatchListEntry> {
  @ApiProperty({ type: WatchListEntryDto, isArray: true })
  items!: WatchListEntryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}
