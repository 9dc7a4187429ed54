import type {
  ComparisonFindingQuery,
  ConfirmFindingRequest,
  RouteFindingsRequest,
  StartComparisonRequest,
} from '@baoxue/contracts';
import { FINDING_CATEGORIES, FINDING_STATUSES, FindingCategory, FindingStatus } from '@baoxue/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PagingQueryDto } from '../../../common/dto/page-query.dto';

/** The ages a run may ask for: wider than compulsory education, never absurd. */
export const COMPARISON_AGE_BOUNDS = { min: 3, max: 18 } as const;

/** Findings routed in one request (one transaction). */
export const MAX_ROUTED_FINDINGS = 5_000;

export class StartComparisonDto implements StartComparisonRequest {
  @ApiPropertyOptional({ description: "The region compared (default: the caller's scope)" })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({ example: '2026-09-15', description: 'Default: today in China' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date written YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ minimum: COMPARISON_AGE_BOUNDS.min, maximum: COMPARISON_AGE_BOUNDS.max, default: 6 })
  @IsOptional()
  @IsInt()
  @Min(COMPARISON_AGE_BOUNDS.min)
  @Max(COMPARISON_AGE_BOUNDS.max)
  ageFrom?: number;

  @ApiPropertyOptional({
    minimum: COMPARISON_AGE_BOUNDS.min,
    maximum: COMPARISON_AGE_BOUNDS.max,
    default: 15,
  })
  @IsOptional()
  @IsInt()
  @Min(COMPARISON_AGE_BOUNDS.min)
  @Max(COMPARISON_AGE_BOUNDS.max)
  ageTo?: number;
}

export class ComparisonFindingQueryDto extends PagingQueryDto implements ComparisonFindingQuery {
  @ApiPropertyOptional({ enum: FINDING_CATEGORIES })
  @IsOptional()
  @IsIn(FINDING_CATEGORIES)
  category?: FindingCategory;

  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;
}

export class RouteFindingsDto implements RouteFindingsRequest {
  @ApiPropertyOptional({ type: [String], description: 'The findings to route (status new)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ROUTED_FINDINGS)
  @IsUUID('all', { each: true })
  findingIds?: string[];

  @ApiPropertyOptional({ description: "Route every finding still 'new'" })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

export class ConfirmFindingDto implements ConfirmFindingRequest {
  @ApiProperty({ enum: ['same', 'different', 'dismiss'] })
  @IsIn(['same', 'different', 'dismiss'])
  decision!: 'same' | 'different' | 'dismiss';

  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}
