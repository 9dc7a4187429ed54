import { ApiProperty } from '@nestjs/swagger';
import { CaseEditConflict, UpdateCaseFieldsRequest } from '@baoxue/contracts';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { ApiErrorDetailDto } from './case.dto';

/** The longest each editable field may be (the same as when the case is opened). */
export const CASE_FIELD_MAX_LENGTHS = { whereabouts: 500, plan: 4000, reasonNote: 1000 } as const;

/**
 * PATCH /api/cases/{id}: only the fields given change; null (or an empty text) clears one.
 * Which fields differ from the server's, and the version, are checked by the service.
 */
export class UpdateCaseFieldsDto implements UpdateCaseFieldsRequest {
  /** The version you read; a stale one gets 409 with the current values, unless nothing would change. */
  @IsInt()
  @Min(1)
  version!: number;

  /** 去向 */
  @IsOptional()
  @IsString()
  @MaxLength(CASE_FIELD_MAX_LENGTHS.whereabouts)
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    maxLength: CASE_FIELD_MAX_LENGTHS.whereabouts,
  })
  whereabouts?: string | null;

  /** 一人一案 */
  @IsOptional()
  @IsString()
  @MaxLength(CASE_FIELD_MAX_LENGTHS.plan)
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: CASE_FIELD_MAX_LENGTHS.plan })
  plan?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(CASE_FIELD_MAX_LENGTHS.reasonNote)
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    maxLength: CASE_FIELD_MAX_LENGTHS.reasonNote,
  })
  reasonNote?: string | null;
}

type CaseEditCurrent = CaseEditConflict['current'];

/** The server's values when an edit's version was stale. */
export class CaseEditCurrentDto implements CaseEditCurrent {
  version!: number;
  updatedAt!: string;
  whereabouts!: string | null;
  plan!: string | null;
  reasonNote!: string | null;
}

export class CaseEditConflictDto implements CaseEditConflict {
  statusCode!: number;
  error!: string;
  message!: string;
  /** `case.version_conflict` */
  code?: string;
  details?: ApiErrorDetailDto[];
  current!: CaseEditCurrentDto;
}
