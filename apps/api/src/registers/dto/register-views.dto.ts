import {
  ComparisonCategoryCounts,
  ComparisonFindingView,
  ComparisonRegionCounts,
  ComparisonRunDetail,
  ComparisonRunStatus,
  ComparisonRunSummary,
  Page,
  RegisterEncoding,
  RegisterFileFormat,
  REGISTER_IMPORT_STATUSES,
  RegisterImportCounts,
  RegisterImportDetail,
  RegisterImportProblem,
  RegisterImportStatus,
  RegisterImportSummary,
  RouteFindingsResult,
} from '@baoxue/contracts';
import {
  FINDING_CATEGORIES,
  FINDING_MATCHES,
  FINDING_STATUSES,
  FindingCategory,
  FindingMatch,
  FindingStatus,
  REGISTER_FIELDS,
  REGISTER_KINDS,
  RegisterField,
  RegisterKind,
  RegisterMapping,
  RegisterRule,
  SEXES,
  Sex,
} from '@baoxue/domain';
import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of the register routes, for the OpenAPI document (the contracts are the types). */

const columnIndexMap = { type: 'object', additionalProperties: { type: 'integer', nullable: true } } as const;
const countMap = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class RegisterRegionRefDto {
  id!: string;
  name!: string;
  path!: string;
}

export class RegisterUserRefDto {
  id!: string;
  name!: string;
}

export class RegisterImportCountsDto implements RegisterImportCounts {
  rows!: number;
  valid!: number;
  invalid!: number;
  imported!: number;
}

export class RegisterImportSummaryDto implements RegisterImportSummary {
  id!: string;
  @ApiProperty({ enum: REGISTER_KINDS, enumName: 'RegisterKind' })
  kind!: RegisterKind;
  @ApiProperty({ enum: REGISTER_IMPORT_STATUSES, enumName: 'RegisterImportStatus' })
  status!: RegisterImportStatus;
  fileName!: string;
  fileSize!: number;
  @ApiProperty({ enum: ['csv', 'xlsx'], nullable: true })
  format!: RegisterFileFormat | null;
  @ApiProperty({ enum: ['utf-8', 'gb18030'], nullable: true })
  encoding!: RegisterEncoding | null;
  region!: RegisterRegionRefDto;
  counts!: RegisterImportCountsDto;
  createdBy!: RegisterUserRefDto;
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  validatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  committedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  failure!: string | null;
  version!: number;
}

export class RegisterImportProblemDto implements RegisterImportProblem {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The file row (header = 1); null for the whole file',
  })
  row!: number | null;
  @ApiProperty({ enum: REGISTER_FIELDS, enumName: 'RegisterField', nullable: true })
  field!: RegisterField | null;
  @ApiProperty({ type: String, nullable: true })
  column!: string | null;
  @ApiProperty({ type: String, description: 'A row or file rule (REGISTER_ROW_RULES, REGISTER_FILE_RULES)' })
  rule!: RegisterRule;
  @ApiProperty({ enum: ['error', 'warning'] })
  severity!: 'error' | 'warning';
  message!: string;
  @ApiProperty({ type: String, nullable: true, description: 'As read; ID numbers masked' })
  value!: string | null;
}

export class RegisterImportDetailDto extends RegisterImportSummaryDto implements RegisterImportDetail {
  headers!: string[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } } })
  sample!: string[][];
  @ApiProperty({ ...columnIndexMap, description: 'Field → 0-based file column' })
  mapping!: RegisterMapping;
  fileProblems!: RegisterImportProblemDto[];
  @ApiProperty(countMap)
  problemsByRule!: Partial<Record<RegisterRule, number>>;
}

export class RegisterImportPageDto implements Page<RegisterImportSummary> {
  items!: RegisterImportSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class RegisterProblemPageDto implements Page<RegisterImportProblem> {
  items!: RegisterImportProblemDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class ComparisonCategoryCountsDto implements ComparisonCategoryCounts {
  never_enrolled!: number;
  dropout!: number;
  priority!: number;
}

export class ComparisonRegionCountsDto implements ComparisonRegionCounts {
  regionId!: string;
  name!: string;
  path!: string;
  counts!: ComparisonCategoryCountsDto;
}

export class ComparisonRunSummaryDto implements ComparisonRunSummary {
  id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] })
  status!: ComparisonRunStatus;
  region!: RegisterRegionRefDto;
  asOf!: string;
  ageFrom!: number;
  ageTo!: number;
  counts!: ComparisonCategoryCountsDto;
  @ApiProperty(countMap)
  statusCounts!: Partial<Record<FindingStatus, number>>;
  createdBy!: RegisterUserRefDto;
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  failure!: string | null;
}

export class ComparisonImportRefDto {
  id!: string;
  @ApiProperty({ enum: REGISTER_KINDS, enumName: 'RegisterKind' })
  kind!: RegisterKind;
  fileName!: string;
  committedAt!: string;
  rows!: number;
}

export class ComparisonRunDetailDto extends ComparisonRunSummaryDto implements ComparisonRunDetail {
  imports!: ComparisonImportRefDto[];
  byRegion!: ComparisonRegionCountsDto[];
}

export class ComparisonRunPageDto implements Page<ComparisonRunSummary> {
  items!: ComparisonRunSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class FindingSchoolRefDto {
  id!: string;
  name!: string;
}

export class FindingCandidateDto {
  studentId!: string;
  fullName!: string;
  @ApiProperty({ type: String, nullable: true })
  schoolName!: string | null;
}

export class ComparisonFindingDto implements ComparisonFindingView {
  id!: string;
  @ApiProperty({ enum: FINDING_CATEGORIES, enumName: 'FindingCategory' })
  category!: FindingCategory;
  @ApiProperty({ enum: FINDING_STATUSES, enumName: 'FindingStatus' })
  status!: FindingStatus;
  @ApiProperty({ enum: FINDING_MATCHES, enumName: 'FindingMatch' })
  match!: FindingMatch;
  fullName!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex', nullable: true })
  sex!: Sex | null;
  @ApiProperty({ type: String, nullable: true })
  birthDate!: string | null;
  @ApiProperty({ type: String, nullable: true })
  idNumberMasked!: string | null;
  @ApiProperty({ type: RegisterRegionRefDto, nullable: true })
  village!: RegisterRegionRefDto | null;
  @ApiProperty({ type: FindingSchoolRefDto, nullable: true })
  school!: FindingSchoolRefDto | null;
  reasons!: string[];
  @ApiProperty({ type: String, nullable: true })
  studentId!: string | null;
  @ApiProperty({ type: FindingCandidateDto, nullable: true })
  candidate!: FindingCandidateDto | null;
  @ApiProperty({ type: String, nullable: true })
  caseId!: string | null;
  version!: number;
}

export class ComparisonFindingPageDto implements Page<ComparisonFindingView> {
  items!: ComparisonFindingDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class RouteFindingsResultDto implements RouteFindingsResult {
  raised!: number;
  covered!: number;
  caseIds!: string[];
}
