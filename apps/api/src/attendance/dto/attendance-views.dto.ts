import {
  AttendanceImportProblem,
  AttendanceImportResult,
  AttendanceSummary,
  AttendanceSummaryRow,
  ClassRoll,
  OpenedByAttendance,
  RollEntry,
  SaveRollResult,
  SchoolClass,
} from '@baoxue/contracts';
import { ATTENDANCE_MARKS, AttendanceMark, EXCUSE_REASONS, ExcuseReason, SEXES, Sex } from '@baoxue/domain';
import { ApiProperty } from '@nestjs/swagger';
import { DashboardNodeDto } from '../../dashboard/dto/status.dto';

/** Response shapes, for the OpenAPI document (the contracts are the types). */
export class SchoolClassDto implements SchoolClass {
  grade!: number;
  className!: string;
  studentCount!: number;
}

export class RollEntryDto implements RollEntry {
  studentId!: string;
  fullName!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  sex!: Sex;
  @ApiProperty({ enum: ATTENDANCE_MARKS, enumName: 'AttendanceMark', nullable: true })
  mark!: AttendanceMark | null;
  @ApiProperty({ enum: EXCUSE_REASONS, enumName: 'ExcuseReason', nullable: true })
  excuseReason!: ExcuseReason | null;
  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  riskScore!: number | null;
  @ApiProperty({ type: String, nullable: true })
  openCaseId!: string | null;
}

export class ClassRollDto implements ClassRoll {
  schoolId!: string;
  schoolName!: string;
  grade!: number;
  className!: string;
  date!: string;
  taken!: boolean;
  @ApiProperty({ type: String, nullable: true })
  takenAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  takenByName!: string | null;
  @ApiProperty({ type: RollEntryDto, isArray: true })
  entries!: RollEntryDto[];
}

export class OpenedByAttendanceDto implements OpenedByAttendance {
  caseId!: string;
  studentId!: string;
  studentName!: string;
  run!: number;
}

export class SaveRollResultDto implements SaveRollResult {
  roll!: ClassRollDto;
  @ApiProperty({ type: OpenedByAttendanceDto, isArray: true })
  openedCases!: OpenedByAttendanceDto[];
}

export class AttendanceImportProblemDto implements AttendanceImportProblem {
  row!: number;
  field!: string;
  rule!: string;
  message!: string;
}

export class AttendanceImportResultDto implements AttendanceImportResult {
  dryRun!: boolean;
  rows!: number;
  saved!: number;
  @ApiProperty({ type: AttendanceImportProblemDto, isArray: true })
  problems!: AttendanceImportProblemDto[];
  @ApiProperty({ type: OpenedByAttendanceDto, isArray: true })
  openedCases!: OpenedByAttendanceDto[];
}

export class AttendanceSummaryRowDto implements AttendanceSummaryRow {
  /** A region, a school, or a class (ref `class:<schoolId>:<grade>:<className>`). */
  node!: DashboardNodeDto;
  expected!: number;
  present!: number;
  absent!: number;
  late!: number;
  excused!: number;
  unexcused!: number;
  classesNotTaken!: number;
  classes!: number;
}

export class AttendanceSummaryDto extends AttendanceSummaryRowDto implements AttendanceSummary {
  date!: string;
  @ApiProperty({ type: AttendanceSummaryRowDto, isArray: true })
  children!: AttendanceSummaryRowDto[];
}
