import { ApiProperty } from '@nestjs/swagger';
import { EarlyWarningSettings, SaveEarlyWarningSettingsRequest } from '@baoxue/contracts';
import { RiskRules, SpecialStatusFlag } from '@baoxue/domain';
import { IsInt, IsObject, IsOptional, IsUUID, Min } from 'class-validator';

export class AttendanceTierDto {
  /** A rate in (0, 1]: the tier applies below it. */
  below!: number;
  /** 0–100. */
  weight!: number;
}

export class ThresholdWeightDto {
  atLeast!: number;
  weight!: number;
}

export class OverAgeDto {
  years!: number;
  weight!: number;
}

/** The weighted risk score's rules (see RiskRules in libs/domain). */
export class RiskRulesDto implements RiskRules {
  /** 5–120 recorded school days. */
  windowSchoolDays!: number;
  @ApiProperty({ type: AttendanceTierDto, isArray: true })
  attendanceTiers!: readonly AttendanceTierDto[];
  repeatedUnexcused!: ThresholdWeightDto;
  /** Weight (0–100) per special-status flag. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  flagWeights!: Partial<Record<SpecialStatusFlag, number>>;
  previousCaseWeight!: number;
  overAge!: OverAgeDto;
  /** 1–100: a score at or above it puts the child on the watch list. */
  watchFrom!: number;
}

export class EarlyWarningSettingsDto implements EarlyWarningSettings {
  countyId!: string;
  countyName!: string;
  rules!: RiskRulesDto;
  /** True while nothing is saved and the defaults apply. */
  isDefault!: boolean;
  /** 0 while nothing is saved. */
  version!: number;
  updatedAt!: string | null;
}

export class EarlyWarningCountyQueryDto {
  /** The county or management zone; default: your own, when you are a county's or zone's. */
  @IsOptional()
  @IsUUID()
  countyId?: string;
}

export class SaveEarlyWarningSettingsDto implements SaveEarlyWarningSettingsRequest {
  /** The whole document; every rule is checked and every problem reported at once. */
  @IsObject()
  @ApiProperty({ type: RiskRulesDto })
  rules!: RiskRules;

  /** The version read (0 before the first save); a stale one gets 409. */
  @IsInt()
  @Min(0)
  version!: number;
}
