import { ApiProperty, OmitType, PickType } from '@nestjs/swagger';
import {
  DismissDuplicateRequest,
  DuplicateSide,
  MergedStudent,
  MergeStudentRequest,
  Page,
  StudentDuplicate,
  StudentDuplicateListQuery,
} from '@baoxue/contracts';
import {
  DUPLICATE_REASONS,
  DUPLICATE_STATUSES,
  DuplicateReason,
  DuplicateStatus,
  MERGE_FIELDS,
  MergeField,
} from '@baoxue/domain';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { StudentDetailDto, StudentSummaryDto } from './student.dto';

// ---- Responses ----

export class DuplicateSideDto
  extends OmitType(StudentSummaryDto, ['fullName', 'flags'] as const)
  implements DuplicateSide
{
  /** `张**` */
  maskedName!: string;
  guardianCount!: number;
  flagCount!: number;
  caseCount!: number;
  hasOpenCase!: boolean;
  version!: number;
  createdAt!: string;
}

export class StudentDuplicateDto implements StudentDuplicate {
  id!: string;
  @ApiProperty({ enum: DUPLICATE_REASONS, enumName: 'DuplicateReason' })
  reason!: DuplicateReason;
  @ApiProperty({ enum: DUPLICATE_STATUSES, enumName: 'DuplicateStatus' })
  status!: DuplicateStatus;
  first!: DuplicateSideDto;
  second!: DuplicateSideDto;
  @ApiProperty({ enum: MERGE_FIELDS, enumName: 'MergeField', isArray: true })
  conflicts!: MergeField[];
  bothHaveOpenCases!: boolean;
  resolutionNote!: string | null;
  resolvedAt!: string | null;
  version!: number;
  createdAt!: string;
}

export class StudentDuplicatePageDto implements Page<StudentDuplicate> {
  items!: StudentDuplicateDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class MergedStudentDto implements MergedStudent {
  survivor!: StudentDetailDto;
  mergedId!: string;
  movedGuardians!: number;
  movedFlags!: number;
  movedCases!: number;
}

// ---- Requests ----

export class StudentDuplicateListQueryDto
  extends PickType(PageQueryDto, ['page', 'pageSize'] as const)
  implements StudentDuplicateListQuery
{
  @IsOptional()
  @IsIn(DUPLICATE_STATUSES)
  @ApiProperty({ enum: DUPLICATE_STATUSES, enumName: 'DuplicateStatus', required: false })
  status?: DuplicateStatus;
}

/** Why (4–200 characters), kept in the audit log. */
class ReasonDto {
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export class MergeStudentDto extends ReasonDto implements MergeStudentRequest {
  @IsUUID()
  duplicateId!: string;

  /** The version you read of this (surviving) record. */
  @IsInt()
  @Min(1)
  version!: number;

  /** The version you read of the record merged into this one. */
  @IsInt()
  @Min(1)
  otherVersion!: number;

  /** Conflicting fields to take from the other record (default: keep this record's). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MERGE_FIELDS.length)
  @ArrayUnique()
  @IsIn(MERGE_FIELDS, { each: true })
  @ApiProperty({ enum: MERGE_FIELDS, enumName: 'MergeField', isArray: true, required: false })
  takeFromOther?: MergeField[];
}

export class DismissDuplicateDto extends ReasonDto implements DismissDuplicateRequest {
  /** The candidate's version you read. */
  @IsInt()
  @Min(1)
  version!: number;
}
