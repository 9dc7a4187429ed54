import { ApiProperty } from '@nestjs/swagger';
import { CountySettings, UpdateCountySettings } from '@baoxue/contracts';
import { CaseSettings } from '@baoxue/domain';
import { IsInt, IsObject, Min } from 'class-validator';

/** The rules of DOMAIN.md §5 as one document (see CaseSettings in libs/domain). */
export class CaseSettingsDto implements CaseSettings {
  absenceSchoolDays!: number;
  verificationWorkingDays!: number;
  followUpDays!: number;
  writtenOrderDeadlineDays!: number;
  @ApiProperty({ type: Number, isArray: true })
  monitoringCheckInDays!: readonly number[];
  monitoringWindowDays!: number;
  escalateToNextLevelDays!: number;
  escalateToBureauLeaderDays!: number;
  schoolMonthlyReportDay!: number;
  /** YYYY-MM-DD dates. */
  @ApiProperty({ type: String, isArray: true })
  holidays!: readonly string[];
  /** YYYY-MM-DD weekend days worked instead (调休上班). */
  @ApiProperty({ type: String, isArray: true })
  makeUpWorkdays!: readonly string[];
  /** HH:MM, Asia/Shanghai. */
  reminderTime!: string;
  /** HH:MM, Asia/Shanghai. */
  digestTime!: string;
  smsReminders!: boolean;
}

export class CountySettingsDto implements CountySettings {
  regionId!: string;
  regionName!: string;
  settings!: CaseSettingsDto;
  /** True while nothing is saved and the defaults apply. */
  isDefault!: boolean;
  defaults!: CaseSettingsDto;
  /** 0 while nothing is saved. */
  version!: number;
  updatedAt!: string | null;
}

export class UpdateCountySettingsDto implements UpdateCountySettings {
  /** The whole document; every rule is checked and every problem reported at once. */
  @IsObject()
  @ApiProperty({ type: CaseSettingsDto })
  settings!: CaseSettings;

  /** The version read (0 before the first save); a stale one gets 409. */
  @IsInt()
  @Min(0)
  version!: number;
}
