import { ApiProperty } from '@nestjs/swagger';
import {
  AcceptReferralRequest,
  CaseReferral,
  CreateReferralRequest,
  DeclineReferralRequest,
  HandoverCase,
  HandoverChild,
  Page,
  ReferralDepartment,
  ReferralInboxItem,
  ReferralInboxQuery,
  RespondReferralRequest,
} from '@baoxue/contracts';
import {
  CASE_REASONS,
  CASE_STATES,
  CASE_TYPES,
  CaseReason,
  CaseState,
  CaseType,
  DEPARTMENT_KINDS,
  DepartmentKind,
  REFERRAL_NEEDS,
  REFERRAL_STATUSES,
  ReferralNeed,
  ReferralStatus,
  SEXES,
  Sex,
} from '@baoxue/domain';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class HandoverChildDto implements HandoverChild {
  fullName!: string;
  /** `370829********123X`, or null when the child has no usable ID number. */
  idNumberMasked!: string | null;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  sex!: Sex;
  age!: number;
  /** 户籍 place names below the province. */
  householdPlace!: string;
}

export class HandoverCaseDto implements HandoverCase {
  id!: string;
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' })
  type!: CaseType;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState' })
  state!: CaseState;
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason' })
  primaryReason!: CaseReason;
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason', isArray: true })
  otherReasons!: CaseReason[];
}

export class ReferralDepartmentDto implements ReferralDepartment {
  id!: string;
  name!: string;
  @ApiProperty({ enum: DEPARTMENT_KINDS, enumName: 'DepartmentKind' })
  departmentKind!: DepartmentKind;
}

export class CaseReferralDto implements CaseReferral {
  id!: string;
  caseId!: string;
  department!: ReferralDepartmentDto;
  @ApiProperty({ enum: REFERRAL_NEEDS, enumName: 'ReferralNeed' })
  need!: ReferralNeed;
  request!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' })
  status!: ReferralStatus;
  referredByName!: string | null;
  referredByOrganisation!: string | null;
  referredAt!: string;
  decidedByName!: string | null;
  decidedAt!: string | null;
  declineReason!: string | null;
  response!: string | null;
  respondedByName!: string | null;
  respondedAt!: string | null;
  /** Optimistic-lock version: send it back with accept, decline or respond. */
  version!: number;
}

export class ReferralInboxItemDto extends CaseReferralDto implements ReferralInboxItem {
  child!: HandoverChildDto;
  case!: HandoverCaseDto;
}

export class ReferralInboxPageDto implements Page<ReferralInboxItem> {
  items!: ReferralInboxItemDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class ReferralInboxQueryDto extends PageQueryDto implements ReferralInboxQuery {
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus', required: false })
  status?: ReferralStatus;
}

/**
 * A referral's inputs: types and lengths here; which are required (and the need's codes) are
 * the domain's REFERRAL_ACTIONS rules.
 */
export class CreateReferralDto implements CreateReferralRequest {
  @IsUUID()
  departmentId!: string;

  @IsString()
  @ApiProperty({ enum: REFERRAL_NEEDS, enumName: 'ReferralNeed' })
  need!: ReferralNeed;

  /** What you need from the department. */
  @IsString()
  @MaxLength(2000)
  request!: string;
}

export class AcceptReferralDto implements AcceptReferralRequest {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;
}

export class DeclineReferralDto extends AcceptReferralDto implements DeclineReferralRequest {
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class RespondReferralDto extends AcceptReferralDto implements RespondReferralRequest {
  /** What the department found or did. */
  @IsString()
  @MaxLength(4000)
  response!: string;
}
