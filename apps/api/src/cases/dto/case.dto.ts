import { ApiProperty } from '@nestjs/swagger';
import {
  AllowedCaseTransition,
  ApiErrorDetail,
  AssignResponsibleRequest,
  CaseDetail,
  CaseEvent,
  CaseEventKind,
  CaseListQuery,
  CaseResponsible,
  CaseSchoolRef,
  CaseStudentRef,
  CaseSummary,
  CaseTransitionRefusal,
  CaseTransitionRequest,
  OpenCaseRequest,
  Page,
} from '@baoxue/contracts';
import {
  CASE_REASONS,
  CASE_SOURCES,
  CASE_STATES,
  CASE_TYPES,
  CaseReason,
  CaseSource,
  CaseState,
  CaseType,
  ESCALATION_STEPS,
  EscalationStep,
  EXCLUSION_REASONS,
  ExclusionReason,
  LEVELS,
  Level,
  LINES,
  Line,
  PARTIES,
  Party,
  PLACEMENT_TYPES,
  PlacementType,
  RETURN_MODES,
  ReturnMode,
  TRANSITION_NAMES,
  TransitionName,
} from '@baoxue/domain';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { CASE_EVENT_KINDS } from '../case-rules';

/** A field and the rule it breaks (or the guard still unmet). */
export class ApiErrorDetailDto implements ApiErrorDetail {
  field!: string;
  rule!: string;
  message!: string;
}

export class CaseStudentRefDto implements CaseStudentRef {
  id!: string;
  fullName!: string;
  /** `370829********123X`; null when the child has no usable ID number. */
  idNumberMasked!: string | null;
}

export class CaseSchoolRefDto implements CaseSchoolRef {
  id!: string;
  name!: string;
}

export class CaseSummaryDto implements CaseSummary {
  id!: string;
  student!: CaseStudentRefDto;
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' })
  type!: CaseType;
  @ApiProperty({ enum: CASE_SOURCES, enumName: 'CaseSource' })
  source!: CaseSource;
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason' })
  primaryReason!: CaseReason;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState' })
  state!: CaseState;
  /** A closing request awaits a bureau officer's or leader's decision. */
  closingRequested!: boolean;
  @ApiProperty({ type: CaseSchoolRefDto, nullable: true })
  school!: CaseSchoolRefDto | null;
  openedAt!: string;
  closedAt!: string | null;
  /** Optimistic-lock version: send it back with a transition. */
  version!: number;
  updatedAt!: string;
}

export class CaseResponsibleDto implements CaseResponsible {
  id!: string;
  name!: string;
  @ApiProperty({ enum: PARTIES, enumName: 'Party' })
  party!: Party;
  @ApiProperty({ enum: LINES, enumName: 'Line' })
  line!: Line;
  @ApiProperty({ enum: LEVELS, enumName: 'Level' })
  level!: Level;
  userId!: string | null;
  organisationId!: string | null;
  phone!: string | null;
  active!: boolean;
  createdAt!: string;
}

export class CaseEventDto implements CaseEvent {
  id!: string;
  @ApiProperty({ enum: CASE_EVENT_KINDS, enumName: 'CaseEventKind' })
  kind!: CaseEventKind;
  @ApiProperty({ enum: TRANSITION_NAMES, enumName: 'TransitionName', nullable: true })
  transition!: TransitionName | null;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState', nullable: true })
  fromState!: CaseState | null;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState', nullable: true })
  toState!: CaseState | null;
  actorUserId!: string | null;
  actorName!: string | null;
  at!: string;
  /** Codes and dates only, never personal data values. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  payload!: Record<string, unknown> | null;
  comment!: string | null;
}

export class AllowedCaseTransitionDto implements AllowedCaseTransition {
  @ApiProperty({ enum: TRANSITION_NAMES, enumName: 'TransitionName' })
  name!: TransitionName;
  /** Guards not met yet: show the action disabled with these reasons. */
  unmet!: ApiErrorDetailDto[];
}

export class CaseDetailDto extends CaseSummaryDto implements CaseDetail {
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason', isArray: true })
  otherReasons!: CaseReason[];
  reasonNote!: string | null;
  /** 去向 */
  whereabouts!: string | null;
  /** 一人一案 */
  plan!: string | null;
  monitoringStartedOn!: string | null;
  @ApiProperty({ enum: EXCLUSION_REASONS, enumName: 'ExclusionReason', nullable: true })
  exclusionReason!: ExclusionReason | null;
  evidenceNote!: string | null;
  @ApiProperty({ type: CaseSchoolRefDto, nullable: true })
  returnSchool!: CaseSchoolRefDto | null;
  returnDate!: string | null;
  @ApiProperty({ enum: RETURN_MODES, enumName: 'ReturnMode', nullable: true })
  returnMode!: ReturnMode | null;
  @ApiProperty({ enum: PLACEMENT_TYPES, enumName: 'PlacementType', nullable: true })
  placementType!: PlacementType | null;
  placementDate!: string | null;
  placementEvidence!: string | null;
  assessmentNote!: string | null;
  persuasionAttempts!: number;
  @ApiProperty({ enum: ESCALATION_STEPS, enumName: 'EscalationStep', nullable: true })
  highestStep!: EscalationStep | null;
  responsibles!: CaseResponsibleDto[];
  timeline!: CaseEventDto[];
  allowedTransitions!: AllowedCaseTransitionDto[];
  createdAt!: string;
}

export class CasePageDto implements Page<CaseSummary> {
  items!: CaseSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class CaseListQueryDto extends PageQueryDto implements CaseListQuery {
  @IsOptional()
  @IsIn(CASE_STATES)
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState', required: false })
  state?: CaseState;

  @IsOptional()
  @IsIn(CASE_TYPES)
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType', required: false })
  type?: CaseType;

  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @IsOptional()
  @IsUUID()
  studentId?: string;
}

export class OpenCaseDto implements OpenCaseRequest {
  /** A child within your scope. */
  @IsUUID()
  studentId!: string;

  @IsIn(CASE_TYPES)
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' })
  type!: CaseType;

  @IsIn(CASE_SOURCES)
  @ApiProperty({ enum: CASE_SOURCES, enumName: 'CaseSource' })
  source!: CaseSource;

  @IsIn(CASE_REASONS)
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason' })
  primaryReason!: CaseReason;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CASE_REASONS.length)
  @ArrayUnique()
  @IsIn(CASE_REASONS, { each: true })
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason', isArray: true, required: false })
  otherReasons?: CaseReason[];

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reasonNote?: string;

  /** 去向 */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  whereabouts?: string;

  /** 一人一案 */
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  plan?: string;
}

/**
 * The inputs any transition may take. Which are required, and their codes and dates, are
 * checked by the transition's rules in libs/domain; here only types and lengths.
 */
export class CaseTransitionDto implements CaseTransitionRequest {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;

  @IsOptional()
  @IsString()
  @ApiProperty({ enum: EXCLUSION_REASONS, enumName: 'ExclusionReason', required: false })
  exclusionReason?: ExclusionReason;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidenceNote?: string;

  /** A school within your scope. */
  @IsOptional()
  @IsUUID()
  returnSchoolId?: string;

  /** YYYY-MM-DD, not in the future. */
  @IsOptional()
  @IsString()
  returnDate?: string;

  @IsOptional()
  @IsString()
  @ApiProperty({ enum: RETURN_MODES, enumName: 'ReturnMode', required: false })
  returnMode?: ReturnMode;

  @IsOptional()
  @IsString()
  @ApiProperty({ enum: PLACEMENT_TYPES, enumName: 'PlacementType', required: false })
  placementType?: PlacementType;

  /** YYYY-MM-DD, not in the future. */
  @IsOptional()
  @IsString()
  placementDate?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  placementEvidence?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  assessmentNote?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AssignResponsibleDto implements AssignResponsibleRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  @IsIn(PARTIES)
  @ApiProperty({ enum: PARTIES, enumName: 'Party' })
  party!: Party;

  @IsIn(LINES)
  @ApiProperty({ enum: LINES, enumName: 'Line' })
  line!: Line;

  /** A level of the chosen line (LINE_LEVELS). */
  @IsIn(LEVELS)
  @ApiProperty({ enum: LEVELS, enumName: 'Level' })
  level!: Level;

  /** The user, when the person has an account. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsOptional()
  @Matches(/^[0-9-]{7,20}$/, { message: 'phone must be 7–20 digits or dashes' })
  phone?: string;
}

export class CaseTransitionRefusalDto implements CaseTransitionRefusal {
  statusCode!: number;
  error!: string;
  message!: string;
  code?: string;
  details?: ApiErrorDetailDto[];
  @ApiProperty({ enum: TRANSITION_NAMES, enumName: 'TransitionName', isArray: true })
  allowed!: TransitionName[];
}
