import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { TRANSITION_NAMES } from '@baoxue/domain';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { CaseEditConflictFilter } from './case-edit-conflict.filter';
import { CaseFieldsService } from './case-fields.service';
import { CASE_ASSIGN_ROLES, CASE_EDIT_ROLES, CASE_OPEN_ROLES } from './case-rules';
import { CaseTransitionRefusalFilter } from './case-transition-refusal.filter';
import { CaseListsService } from './case-lists.service';
import { CasesService } from './cases.service';
import {
  AssignResponsibleDto,
  CaseDetailDto,
  CaseListQueryDto,
  CasePageDto,
  CaseResponsibleDto,
  CaseTransitionDto,
  CaseTransitionRefusalDto,
  OpenCaseDto,
} from './dto/case.dto';
import { CaseEditConflictDto, UpdateCaseFieldsDto } from './dto/case-fields.dto';
import { MyCasePageDto, MyCasesQueryDto } from './dto/case-intervention.dto';

@ApiTags('cases')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('cases')
@UseFilters(CaseTransitionRefusalFilter)
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly lists: CaseListsService,
    private readonly fields: CaseFieldsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: CasePageDto })
  @ApiOperation({
    summary: 'Cases within your scope (一人一案列表): filters, search by name or full ID number, sort',
  })
  list(@CurrentUser() user: AuthUser, @Query() query: CaseListQueryDto): Promise<CasePageDto> {
    return this.lists.list(user.scope, query);
  }

  @Get('mine')
  @ApiOkResponse({ type: MyCasePageDto })
  @ApiOperation({
    summary: 'My cases: open cases in scope where you are a responsible person, soonest follow-up first',
  })
  mine(@CurrentUser() user: AuthUser, @Query() query: MyCasesQueryDto): Promise<MyCasePageDto> {
    return this.lists.mine(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiOperation({
    summary: 'One case with responsibles, timeline and your allowed transitions (404 outside scope); audited',
  })
  get(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<CaseDetailDto> {
    return this.cases.get(user, id, actor);
  }

  @Post()
  @Roles(...CASE_OPEN_ROLES)
  @ApiCreatedResponse({ type: CaseDetailDto })
  @ApiOperation({
    summary:
      'Open a case for a child in your scope; names the opener and the village officials responsible (409 when one is already open)',
  })
  open(
    @CurrentUser() user: AuthUser,
    @Body() body: OpenCaseDto,
    @Actor() actor: AuditActor,
  ): Promise<CaseDetailDto> {
    return this.cases.open(user, body, actor);
  }

  @Patch(':id')
  @Roles(...CASE_EDIT_ROLES)
  @UseFilters(CaseEditConflictFilter)
  @ApiOkResponse({ type: CaseDetailDto, description: 'Saved (or nothing to change: the version stays)' })
  @ApiConflictResponse({
    type: CaseEditConflictDto,
    description: 'Stale version (`case.version_conflict`, with the current values), or the case is closed',
  })
  @ApiOperation({
    summary:
      "Edit the plan's free-text fields (去向, 一人一案, reason note): only those given change, null clears; optimistic locking",
  })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateCaseFieldsDto,
    @Actor() actor: AuditActor,
  ): Promise<CaseDetailDto> {
    return this.fields.update(user, id, body, actor);
  }

  @Post(':id/transitions/:name')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'name', enum: TRANSITION_NAMES, enumName: 'TransitionName' })
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiConflictResponse({
    type: CaseTransitionRefusalDto,
    description: 'Illegal or blocked transition, or a stale version',
  })
  @ApiOperation({ summary: 'Take a lifecycle transition (rules from libs/domain; optimistic locking)' })
  transition(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Param('name') name: string,
    @Body() body: CaseTransitionDto,
    @Actor() actor: AuditActor,
  ): Promise<CaseDetailDto> {
    return this.cases.transition(user, id, name, body, actor);
  }

  @Post(':id/responsibles')
  @Roles(...CASE_ASSIGN_ROLES)
  @ApiCreatedResponse({ type: CaseResponsibleDto })
  @ApiOperation({ summary: 'Name a responsible person on the government or education line (双线责任人)' })
  assignResponsible(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: AssignResponsibleDto,
    @Actor() actor: AuditActor,
  ): Promise<CaseResponsibleDto> {
    return this.cases.assignResponsible(user, id, body, actor);
  }
}
