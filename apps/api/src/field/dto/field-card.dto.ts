import { ApiProperty } from '@nestjs/swagger';
import { FieldCaseCard, FieldCards, FieldGuardian, FieldStudent } from '@baoxue/contracts';
import {
  CASE_REASONS,
  CASE_STATES,
  CASE_TYPES,
  CaseReason,
  CaseState,
  CaseType,
  GUARDIAN_RELATIONS,
  GuardianRelation,
  Sex,
  SEXES,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { CaseInterventionDto } from '../../cases/dto/case-intervention.dto';
import { WorkItemDto } from '../../reminders/dto/work.dto';

export class FieldGuardianDto implements FieldGuardian {
  id!: string;
  fullName!: string;
  @ApiProperty({ enum: GUARDIAN_RELATIONS, enumName: 'GuardianRelation' })
  relation!: GuardianRelation;
  /** In full, for tap-to-call; null when none is on record. */
  phone!: string | null;
  worksAway!: boolean;
  worksAwayPlace!: string | null;
}

export class FieldStudentDto implements FieldStudent {
  id!: string;
  fullName!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  sex!: Sex;
  birthDate!: string;
  grade!: number | null;
  className!: string | null;
  schoolName!: string | null;
  /** The 户籍 village's name. */
  villageName!: string | null;
  /** In full, for the visit. */
  currentAddress!: string | null;
  /** Special-status flags in force today. */
  @ApiProperty({ enum: SPECIAL_STATUS_FLAGS, enumName: 'SpecialStatusFlag', isArray: true })
  flags!: SpecialStatusFlag[];
}

export class FieldCaseCardDto implements FieldCaseCard {
  caseId!: string;
  /** The case's optimistic-lock version when read (offline edits send it back). */
  version!: number;
  updatedAt!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState' })
  state!: CaseState;
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' })
  type!: CaseType;
  @ApiProperty({ enum: CASE_REASONS, enumName: 'CaseReason' })
  primaryReason!: CaseReason;
  openedAt!: string;
  absentSince!: string | null;
  whereabouts!: string | null;
  plan!: string | null;
  reasonNote!: string | null;
  nextFollowUpOn!: string | null;
  overdue!: boolean;
  student!: FieldStudentDto;
  @ApiProperty({ type: () => FieldGuardianDto, isArray: true })
  guardians!: FieldGuardianDto[];
  @ApiProperty({ type: () => CaseInterventionDto, nullable: true })
  lastIntervention!: CaseInterventionDto | null;
  /** Your pending due items on this case, soonest first. */
  @ApiProperty({ type: () => WorkItemDto, isArray: true })
  dueItems!: WorkItemDto[];
}

export class FieldCardsDto implements FieldCards {
  @ApiProperty({ type: () => FieldCaseCardDto, isArray: true })
  cards!: FieldCaseCardDto[];
  /** When the server answered. */
  at!: string;
}
