import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { REFERRAL_ACTIONS } from '@baoxue/domain';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { CaseReferralsService } from './case-referrals.service';
import {
  AcceptReferralDto,
  CaseReferralDto,
  CreateReferralDto,
  DeclineReferralDto,
  ReferralDepartmentDto,
  ReferralInboxItemDto,
  ReferralInboxPageDto,
  ReferralInboxQueryDto,
  RespondReferralDto,
} from './dto/case-referral.dto';

/** The case's side of referrals (部门转介): within the caller's scope. */
@ApiTags('referrals')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('cases')
export class CaseReferralsController {
  constructor(private readonly referrals: CaseReferralsService) {}

  @Get(':id/referrals')
  @ApiOkResponse({ type: CaseReferralDto, isArray: true })
  @ApiOperation({ summary: "A case's department referrals, newest first (404 outside scope)" })
  list(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<CaseReferralDto[]> {
    return this.referrals.listForCase(user, id);
  }

  @Get(':id/referral-departments')
  @Roles(...REFERRAL_ACTIONS.refer.roles)
  @ApiOkResponse({ type: ReferralDepartmentDto, isArray: true })
  @ApiOperation({ summary: "Departments this case may be referred to (covering the child's place)" })
  departments(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ReferralDepartmentDto[]> {
    return this.referrals.departments(user, id);
  }

  @Post(':id/referrals')
  @Roles(...REFERRAL_ACTIONS.refer.roles)
  @ApiCreatedResponse({ type: CaseReferralDto })
  @ApiConflictResponse({ description: 'The case is not open, or already referred to this department' })
  @ApiOperation({ summary: 'Refer an open case to a department, saying what is needed' })
  refer(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: CreateReferralDto,
    @Actor() actor: AuditActor,
  ): Promise<CaseReferralDto> {
    return this.referrals.refer(user, id, body, actor);
  }
}

/**
 * A department's inbox: its liaisons see the referrals to their own department (masked
 * child, case codes) and answer them. Other departments' referrals answer 404.
 */
@ApiTags('referrals')
@ApiCookieAuth()
@Roles('department_liaison')
@Controller('referrals')
export class ReferralInboxController {
  constructor(private readonly referrals: CaseReferralsService) {}

  @Get()
  @ApiOkResponse({ type: ReferralInboxPageDto })
  @ApiOperation({ summary: 'Referrals to your department, awaiting ones first (audited read)' })
  inbox(
    @CurrentUser() user: AuthUser,
    @Query() query: ReferralInboxQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<ReferralInboxPageDto> {
    return this.referrals.inbox(user, query, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReferralInboxItemDto })
  @ApiOperation({ summary: 'One referral to your department (audited read)' })
  get(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<ReferralInboxItemDto> {
    return this.referrals.get(user, id, actor);
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReferralInboxItemDto })
  @ApiConflictResponse({ description: 'Not awaiting, the case is not open, or a stale version' })
  @ApiOperation({ summary: 'Accept: your department becomes a responsible party on the case' })
  accept(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: AcceptReferralDto,
    @Actor() actor: AuditActor,
  ): Promise<ReferralInboxItemDto> {
    return this.referrals.accept(user, id, body, actor);
  }

  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReferralInboxItemDto })
  @ApiConflictResponse({ description: 'Not awaiting, or a stale version' })
  @ApiOperation({ summary: 'Decline with a reason' })
  decline(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: DeclineReferralDto,
    @Actor() actor: AuditActor,
  ): Promise<ReferralInboxItemDto> {
    return this.referrals.decline(user, id, body, actor);
  }

  @Post(':id/respond')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReferralInboxItemDto })
  @ApiConflictResponse({ description: 'Not accepted, or a stale version' })
  @ApiOperation({ summary: 'Record what the department found or did (on the case timeline)' })
  respond(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: RespondReferralDto,
    @Actor() actor: AuditActor,
  ): Promise<ReferralInboxItemDto> {
    return this.referrals.respond(user, id, body, actor);
  }
}
