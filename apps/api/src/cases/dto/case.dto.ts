import { ApiProperty } from '@nestjs/swagger';
import {
  AllowedCaseTransition,
  ApiErrorDetail,
  AssignResponsibleRequest,
  CaseAccessEntry,
  CaseDetail,
  CaseEvent,
  CaseEventKind,
  CaseListQuery,
  CaseNotice,
  CaseNoticeKind,
  CaseNoticeParty,
  CaseResponsible,
  CaseSchoolRef,
  CaseSortField,
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
  INTERVENTION_KINDS,
  InterventionKind,
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
  Role,
  ROLES,
  Sex,
  SEXES,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
  TRANSITION_NAMES,
  TransitionName,
} from '@baoxue/domain';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
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

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_MESSAGE = (field: string) => `${field} must be a date YYYY-MM-DD`;

export const CASE_SORT_FIELDS = [
  'openedAt',
  'updatedAt',
  'nextFollowUpOn',
  'state',
] as const satisfies readonly CaseSortField[];
export const SORT_ORDERS = ['asc', 'desc'] as const;

/** `true` / `false` in a query string; anything else stays as is and fails IsBoolean. */
const queryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
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
  persuasionAttempts!: number;
  @ApiProperty({ enum: ESCALATION_STEPS, enumName: 'EscalationStep', nullable: true })
  highestStep!: EscalationStep | null;
  /** The latest intervention's next follow-up, else its day + the follow-up days; null before the first. */
  nextFollowUpOn!: string | null;
  /** Open and the next follow-up day lies before today (China time). */
  overdue!: boolean;
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
  /** YYYY-MM-DD: the first day of unexplained absence, when reported. */
  absentSince!: string | null;
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

  /** Primary or other reason. */
  @IsOptional()
  @IsIn(CASE_REASONS)
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason', required: false })
  reason?: CaseReason;

  /** The child has this special-status flag in force today. */
  @IsOptional()
  @IsIn(SPECIAL_STATUS_FLAGS)
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag', required: false })
  flag?: SpecialStatusFlag;

  /** A region within your scope: cases whose 户籍 or school lies under it. */
  @IsOptional()
  @IsUUID()
  regionId?: string;

  /** A region within your scope: cases whose 户籍 lies under it (how the dashboard counts). */
  @IsOptional()
  @IsUUID()
  householdRegionId?: string;

  /** An active responsible person on the case. */
  @IsOptional()
  @IsUUID()
  responsibleUserId?: string;

  /** `true`: open cases with a due item past its due day and not done (China time). */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  @ApiProperty({ type: Boolean, required: false })
  overdueItems?: boolean;

  /** Comma-separated transition names the case took (within tookFrom–tookTo when given). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  took?: string;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('tookFrom') })
  @IsDateString({ strict: true })
  tookFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('tookTo') })
  @IsDateString({ strict: true })
  tookTo?: string;

  /** `true`: open cases whose next follow-up day is before today (China time); `false`: the others. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  @ApiProperty({ type: Boolean, required: false })
  overdue?: boolean;

  /** YYYY-MM-DD, inclusive (China time). */
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('openedFrom') })
  @IsDateString({ strict: true })
  openedFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('openedTo') })
  @IsDateString({ strict: true })
  openedTo?: string;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('closedFrom') })
  @IsDateString({ strict: true })
  closedFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('closedTo') })
  @IsDateString({ strict: true })
  closedTo?: string;

  @IsOptional()
  @IsIn(CASE_SORT_FIELDS)
  @ApiProperty({ enum: CASE_SORT_FIELDS, required: false, default: 'openedAt' })
  sort?: CaseSortField;

  /** Default desc; nextFollowUpOn sorts nulls last either way. */
  @IsOptional()
  @IsIn(SORT_ORDERS)
  @ApiProperty({ enum: SORT_ORDERS, required: false, default: 'desc' })
  order?: 'asc' | 'desc';
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

  /** YYYY-MM-DD, not in the future: the first day of unexplained absence. */
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE('absentSince') })
  @IsDateString({ strict: true })
  absentSince?: string;
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

export class CaseAccessEntryDto implements CaseAccessEntry {
  id!: string;
  at!: string;
  actorName!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role', nullable: true })
  actorRole!: Role | null;
  /** The audited action, e.g. `case.read`, `student.reveal`, `case.notice`. */
  action!: string;
  reason!: string | null;
  clientAddress!: string | null;
}

export class CaseAccessPageDto implements Page<CaseAccessEntry> {
  items!: CaseAccessEntryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class CaseAccessLogQueryDto extends PageQueryDto {}

export class CaseNoticePartyDto implements CaseNoticeParty {
  id!: string;
  name!: string;
}

export class CaseNoticeStudentDto {
  fullName!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  sex!: Sex;
  birthDate!: string;
  idNumberMasked!: string | null;
  schoolName!: string | null;
  grade!: number | null;
  className!: string | null;
  /** 户籍 place as region names. */
  householdPlace!: string;
}

export class CaseNoticeGuardianDto {
  name!: string;
  relation!: string;
}

export class CaseNoticeInterventionDto {
  occurredOn!: string;
  @ApiProperty({ enum: INTERVENTION_KINDS, enumName: 'InterventionKind' })
  kind!: InterventionKind;
  outcome!: string | null;
}

export class CaseNoticeDto implements CaseNotice {
  @ApiProperty({ enum: ['written_order', 'township_report'] })
  kind!: CaseNoticeKind;
  caseId!: string;
  number!: string | null;
  issuedOn!: string;
  deadlineOn!: string | null;
  student!: CaseNoticeStudentDto;
  guardians!: CaseNoticeGuardianDto[];
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason' })
  primaryReason!: CaseReason;
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason', isArray: true })
  otherReasons!: CaseReason[];
  reasonNote!: string | null;
  whereabouts!: string | null;
  issuer!: CaseNoticePartyDto;
  recipients!: CaseNoticePartyDto[];
  interventions!: CaseNoticeInterventionDto[];
  persuasionAttempts!: number;
  @ApiProperty({ enum: ESCALATION_STEPS, enumName: 'EscalationStep', nullable: true })
  highestStep!: EscalationStep | null;
}
