import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreatedStudent,
  CreateStudentRequest,
  EnrolmentStatus,
  GuardianInput,
  GuardianView,
  Page,
  PossibleDuplicate,
  RevealedStudentData,
  StudentDuplicateRef,
  RevealStudentRequest,
  StudentDetail,
  StudentFlagInput,
  StudentFlagView,
  StudentListQuery,
  StudentSummary,
  UpdateStudentRequest,
} from '@baoxue/contracts';
import {
  DUPLICATE_REASONS,
  DuplicateReason,
  GUARDIAN_RELATIONS,
  GuardianRelation,
  SEXES,
  Sex,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OrganisationSummaryDto, RegionRefDto } from '../../auth/dto/current-user.dto';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { ENROLMENT_STATUSES } from '../student.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = (field: string) => `${field} must be a date YYYY-MM-DD`;

// ---- Responses ----

export class StudentSummaryDto implements StudentSummary {
  id!: string;
  fullName!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  sex!: Sex;
  birthDate!: string;
  /** `370829********123X`, or null for a child without a usable ID number. */
  idNumberMasked!: string | null;
  /** 学籍号, masked like an ID number unless it is a J-number. */
  studentNumberMasked!: string | null;
  /** The 户籍 village. */
  @ApiProperty({ type: RegionRefDto, nullable: true })
  hukouRegion!: RegionRefDto | null;
  @ApiProperty({ type: OrganisationSummaryDto, nullable: true })
  school!: OrganisationSummaryDto | null;
  grade!: number | null;
  className!: string | null;
  @ApiProperty({ enum: ENROLMENT_STATUSES, enumName: 'EnrolmentStatus' })
  enrolmentStatus!: EnrolmentStatus;
  /** Special-status flags in force today. */
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag', isArray: true })
  flags!: SpecialStatusFlag[];
}

export class StudentPageDto implements Page<StudentSummary> {
  items!: StudentSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class GuardianViewDto implements GuardianView {
  id!: string;
  fullName!: string;
  @ApiProperty({ enum: GUARDIAN_RELATIONS, enumName: 'GuardianRelation' })
  relation!: GuardianRelation;
  /** `138****5678`. */
  phoneMasked!: string | null;
  worksAway!: boolean;
  worksAwayPlace!: string | null;
}

export class StudentFlagViewDto implements StudentFlagView {
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag' })
  flag!: SpecialStatusFlag;
  fromDate!: string;
  toDate!: string | null;
  /** Whether a detail (e.g. disability category) is on record; it is only revealed. */
  hasDetail!: boolean;
}

export class StudentDetailDto extends StudentSummaryDto implements StudentDetail {
  ethnicity!: string | null;
  /** Down to the village only. */
  hukouAddressMasked!: string | null;
  currentAddressMasked!: string | null;
  guardians!: GuardianViewDto[];
  flagPeriods!: StudentFlagViewDto[];
  /** Optimistic-lock version: send it back with an update. */
  version!: number;
  createdAt!: string;
  updatedAt!: string;
  /** Set once merged into another record: read-only, hidden from lists. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  mergedIntoId!: string | null;
  /** Open duplicate candidates whose other record is within your scope. */
  @ApiProperty({ type: () => StudentDuplicateRefDto, isArray: true })
  openDuplicates!: StudentDuplicateRefDto[];
}

export class PossibleDuplicateDto implements PossibleDuplicate {
  id!: string;
  /** `张**` */
  maskedName!: string;
  birthDate!: string;
  idNumberMasked!: string | null;
  @ApiProperty({ enum: ['id_number', 'name_birth_date_village'] })
  matchedBy!: 'id_number' | 'name_birth_date_village';
}

export class StudentDuplicateRefDto implements StudentDuplicateRef {
  duplicateId!: string;
  @ApiProperty({ enum: DUPLICATE_REASONS, enumName: 'DuplicateReason' })
  reason!: DuplicateReason;
  other!: PossibleDuplicateDto;
}

export class CreatedStudentDto extends StudentDetailDto implements CreatedStudent {
  /** Records that may be the same child; the new record is created regardless. */
  possibleDuplicates!: PossibleDuplicateDto[];
}

export class RevealedGuardianDto {
  id!: string;
  fullName!: string;
  phone!: string | null;
}

export class RevealedFlagDetailDto {
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag' })
  flag!: SpecialStatusFlag;
  fromDate!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  detail!: Record<string, unknown> | null;
}

export class RevealedStudentDataDto implements RevealedStudentData {
  id!: string;
  idNumber!: string | null;
  studentNumber!: string | null;
  hukouAddress!: string | null;
  currentAddress!: string | null;
  guardians!: RevealedGuardianDto[];
  flagDetails!: RevealedFlagDetailDto[];
}

// ---- Requests ----

export class StudentListQueryDto extends PageQueryDto implements StudentListQuery {
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  grade?: number;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  className?: string;

  /** Only children holding this flag today. */
  @IsOptional()
  @IsIn(SPECIAL_STATUS_FLAGS)
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag', required: false })
  flag?: SpecialStatusFlag;

  /** A full ID number (18 characters): exact match. */
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;
}

export class RevealStudentDto implements RevealStudentRequest {
  /** Why the data is needed (4–200 characters); kept in the audit log. */
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export class GuardianInputDto implements GuardianInput {
  @IsString()
  @Matches(/\S/, { message: 'fullName must not be blank' })
  @MaxLength(50)
  fullName!: string;

  @IsIn(GUARDIAN_RELATIONS)
  @ApiProperty({ enum: GUARDIAN_RELATIONS, enumName: 'GuardianRelation' })
  relation!: GuardianRelation;

  /** 11-digit mobile number. */
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be an 11-digit mobile number' })
  phone?: string;

  @IsOptional()
  @IsBoolean()
  worksAway?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  worksAwayPlace?: string;
}

export class StudentFlagInputDto implements StudentFlagInput {
  @IsIn(SPECIAL_STATUS_FLAGS)
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag' })
  flag!: SpecialStatusFlag;

  @Matches(DATE, { message: DATE_MESSAGE('fromDate') })
  @IsDateString({ strict: true })
  fromDate!: string;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('toDate') })
  @IsDateString({ strict: true })
  toDate?: string;

  /** e.g. disability category and grade; sensitive, shown only on reveal. */
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  detail?: Record<string, unknown>;
}

/** Fields both create and update may carry. */
class StudentFieldsDto {
  /** 18 characters, GB 11643 (a trailing x is read as X); must agree with birthDate and sex. */
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;

  /** 学籍号: G + ID number, or a J-number for a child without a usable ID. */
  @IsOptional()
  @Matches(/^[A-Z][0-9A-Z]{5,31}$/, { message: 'studentNumber must be a letter and 5–31 digits or letters' })
  studentNumber?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  ethnicity?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  hukouAddress?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  currentAddress?: string;

  @IsOptional()
  @IsIn(ENROLMENT_STATUSES)
  @ApiProperty({ enum: ENROLMENT_STATUSES, enumName: 'EnrolmentStatus', required: false })
  enrolmentStatus?: EnrolmentStatus;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GuardianInputDto)
  guardians?: GuardianInputDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => StudentFlagInputDto)
  flags?: StudentFlagInputDto[];
}

export class CreateStudentDto extends StudentFieldsDto implements CreateStudentRequest {
  @IsString()
  @Matches(/\S/, { message: 'fullName must not be blank' })
  @MaxLength(50)
  fullName!: string;

  @IsIn(SEXES)
  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  sex!: Sex;

  @Matches(DATE, { message: DATE_MESSAGE('birthDate') })
  @IsDateString({ strict: true })
  birthDate!: string;

  /** The 户籍 village: a region of kind village within your scope. */
  @IsUUID()
  hukouRegionId!: string;

  /** Omitted for an out-of-school child; required for school staff. */
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  grade?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  className?: string;
}

export class UpdateStudentDto extends StudentFieldsDto implements UpdateStudentRequest {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;

  @ValidateIf((o: UpdateStudentDto) => o.fullName !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'fullName must not be blank' })
  @MaxLength(50)
  fullName?: string;

  @ValidateIf((o: UpdateStudentDto) => o.sex !== undefined)
  @IsIn(SEXES)
  @ApiProperty({ enum: SEXES, enumName: 'Sex', required: false })
  sex?: Sex;

  @ValidateIf((o: UpdateStudentDto) => o.birthDate !== undefined)
  @Matches(DATE, { message: DATE_MESSAGE('birthDate') })
  @IsDateString({ strict: true })
  birthDate?: string;

  @ValidateIf((o: UpdateStudentDto) => o.hukouRegionId !== undefined)
  @IsUUID()
  hukouRegionId?: string;

  /** null: the child left school. */
  @IsOptional()
  @IsUUID()
  @ApiProperty({ required: false, nullable: true, format: 'uuid' })
  schoolId?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  @ApiProperty({ required: false, nullable: true, minimum: 1, maximum: 9 })
  grade?: number | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  @ApiProperty({ required: false, nullable: true })
  className?: string | null;
}
