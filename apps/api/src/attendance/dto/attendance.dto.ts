import {
  AttendanceSummaryQuery,
  ClassRollQuery,
  RollMark,
  SaveRollRequest,
  SchoolClassesQuery,
} from '@baoxue/contracts';
import { ATTENDANCE_MARKS, AttendanceMark, EXCUSE_REASONS, ExcuseReason } from '@baoxue/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsClassName, IsGrade } from '../../common/dto/school-class';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string) => `${field} must be a date written YYYY-MM-DD`;

/** The largest class a roll takes in one request (real classes stay well under 80). */
export const MAX_ROLL_SIZE = 200;

export class SchoolClassesQueryDto implements SchoolClassesQuery {
  /** Default: the caller's own school (school staff). */
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class ClassRollQueryDto implements ClassRollQuery {
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @Type(() => Number)
  @IsGrade()
  grade!: number;

  @IsClassName()
  className!: string;

  /** YYYY-MM-DD (China); default today. */
  @IsOptional()
  @Matches(DATE, { message: dateMessage('date') })
  date?: string;
}

export class RollMarkDto implements RollMark {
  @IsUUID()
  studentId!: string;

  @IsIn(ATTENDANCE_MARKS)
  @ApiProperty({ enum: ATTENDANCE_MARKS, enumName: 'AttendanceMark' })
  mark!: AttendanceMark;

  /** Required with `excused`, refused otherwise (checked by the service, naming the row). */
  @IsOptional()
  @IsIn(EXCUSE_REASONS)
  @ApiProperty({ enum: EXCUSE_REASONS, enumName: 'ExcuseReason', required: false })
  excuseReason?: ExcuseReason;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class SaveRollDto implements SaveRollRequest {
  @IsUUID()
  schoolId!: string;

  @IsGrade()
  grade!: number;

  @IsClassName()
  className!: string;

  /** YYYY-MM-DD, a real day, not in the future (China). */
  @Matches(DATE, { message: dateMessage('date') })
  date!: string;

  @IsArray()
  @ArrayMaxSize(MAX_ROLL_SIZE)
  @ValidateNested({ each: true })
  @Type(() => RollMarkDto)
  marks!: RollMarkDto[];
}

export class AttendanceSummaryQueryDto implements AttendanceSummaryQuery {
  /** `region:<uuid>` or `school:<uuid>`; default: the root of the caller's scope. */
  @IsOptional()
  @Matches(/^(region|school):[0-9a-f-]{36}$/i, { message: 'node must be region:<uuid> or school:<uuid>' })
  node?: string;

  /** YYYY-MM-DD (China); default today. */
  @IsOptional()
  @Matches(DATE, { message: dateMessage('date') })
  date?: string;
}

/** POST /api/attendance/imports?schoolId=&dryRun= — the body is the file itself. */
export class AttendanceImportQueryDto {
  /** Default: the caller's own school (school staff). */
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  /** `true`: check every row, save nothing. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
