import {
  CreatedLedgerExport,
  CreateLedgerExportRequest,
  LEDGER_EXPORT_STATUSES,
  LEDGER_KINDS,
  LedgerExportStatus,
  LedgerExportView,
  LedgerGuardian,
  LedgerKind,
  LedgerPage,
  LedgerQuery,
  LedgerResponsible,
  LedgerRow,
  SchoolingStatus,
  SCHOOLING_STATUSES,
} from '@baoxue/contracts';
import {
  CASE_REASONS,
  CASE_STATES,
  CaseReason,
  CaseState,
  GUARDIAN_RELATIONS,
  GuardianRelation,
  Level,
  LEVELS,
  Line,
  LINES,
  Sex,
  SEXES,
} from '@baoxue/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NODE = /^(region|school):[0-9a-fA-F-]{36}$/;

/** `?reveal=true|false` arrives as text. */
const booleanText = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Which node and day; shared by the page, the download and the job. */
class LedgerTargetDto {
  /** `region:<id>` or `school:<id>`; default the root of your scope. */
  @IsOptional()
  @Matches(NODE, { message: 'node must be region:<uuid> or school:<uuid>' })
  node?: string;

  /** YYYY-MM-DD (China day), not in the future; default today. */
  @IsOptional()
  @Matches(DATE, { message: 'date must be a day written YYYY-MM-DD' })
  date?: string;
}

export class LedgerQueryDto extends LedgerTargetDto implements LedgerQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  /** 1–200, default 50. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class LedgerDownloadQueryDto extends LedgerTargetDto {
  /** Full ID numbers, 学籍号, addresses and phones: needs `personal_data.reveal` and a reason (audited). */
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  reveal?: boolean;

  /** Why the unmasked data is needed (4–200 characters); required with `reveal`. */
  @IsOptional()
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason?: string;
}

export class CreateLedgerExportDto extends LedgerDownloadQueryDto implements CreateLedgerExportRequest {
  @IsIn(LEDGER_KINDS)
  @ApiProperty({ enum: LEDGER_KINDS })
  kind!: LedgerKind;
}

export class LedgerGuardianDto implements LedgerGuardian {
  fullName!: string;
  @ApiProperty({ enum: GUARDIAN_RELATIONS })
  relation!: GuardianRelation;
  phoneMasked!: string | null;
}

export class LedgerResponsibleDto implements LedgerResponsible {
  @ApiProperty({ enum: LINES })
  line!: Line;
  @ApiProperty({ enum: LEVELS })
  level!: Level;
  fullName!: string;
}

export class LedgerRowDto implements LedgerRow {
  studentId!: string;
  caseId!: string | null;
  fullName!: string;
  @ApiProperty({ enum: SEXES })
  sex!: Sex;
  birthDate!: string;
  idNumberMasked!: string | null;
  studentNumberMasked!: string | null;
  schoolName!: string | null;
  grade!: number | null;
  className!: string | null;
  hukouAddressMasked!: string | null;
  currentAddressMasked!: string | null;
  guardians!: LedgerGuardianDto[];
  @ApiProperty({ enum: SCHOOLING_STATUSES, nullable: true })
  schoolingStatus!: SchoolingStatus | null;
  dropoutMonth!: string | null;
  @ApiProperty({ enum: CASE_REASONS, nullable: true })
  reason!: CaseReason | null;
  whereabouts!: string | null;
  responsibles!: LedgerResponsibleDto[];
  persuasionCount!: number;
  lastPersuasionDate!: string | null;
  lastPersuasionBy!: string | null;
  @ApiProperty({ enum: CASE_STATES, nullable: true })
  caseState!: CaseState | null;
  resolution!: string | null;
  closedOn!: string | null;
}

export class LedgerNodeDto {
  ref!: string;
  name!: string;
}

export class LedgerPageDto implements LedgerPage {
  @ApiProperty({ enum: LEDGER_KINDS })
  kind!: LedgerKind;
  node!: LedgerNodeDto;
  date!: string;
  items!: LedgerRowDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class CreatedLedgerExportDto implements CreatedLedgerExport {
  id!: string;
}

export class LedgerExportViewDto implements LedgerExportView {
  id!: string;
  @ApiProperty({ enum: LEDGER_KINDS })
  kind!: LedgerKind;
  node!: LedgerNodeDto;
  date!: string;
  revealed!: boolean;
  @ApiProperty({ enum: LEDGER_EXPORT_STATUSES })
  status!: LedgerExportStatus;
  progress!: number;
  rows!: number;
  fileName!: string | null;
  createdAt!: string;
  finishedAt!: string | null;
  expiresAt!: string;
}
