import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import {
  PeriodSnapshotDto,
  PeriodSnapshotPageDto,
  PeriodSnapshotQueryDto,
  ReportingStatusDto,
  ReportingStatusQueryDto,
  SubmitPeriodSnapshotDto,
} from './dto/reporting.dto';
import { ReportingStatusQuery } from './reporting-status.query';
import { SnapshotsService } from './snapshots.service';

/** 四个一: frozen period snapshots and which schools have reported the month. */
@ApiTags('reporting')
@ApiCookieAuth()
@Controller('reporting')
export class ReportingController {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly reportingStatus: ReportingStatusQuery,
  ) {}

  @Post('snapshots')
  @RequirePermission('reports.submit')
  @ApiCreatedResponse({ type: PeriodSnapshotDto })
  @ApiBadRequestResponse({
    description: "The period kind is not the node's cadence, or the period has not started",
  })
  @ApiConflictResponse({
    description: 'The node already submitted this period (the error names the snapshot)',
  })
  @ApiOperation({
    summary: "Freeze a county's or zone's quarter, a city's semester or a province's school year",
  })
  submit(
    @CurrentUser() user: AuthUser,
    @Body() body: SubmitPeriodSnapshotDto,
    @Actor() actor: AuditActor,
  ): Promise<PeriodSnapshotDto> {
    return this.snapshots.submit(user.scope, user.id, body, actor);
  }

  @Get('snapshots')
  @RequirePermission('figures.read')
  @ApiOkResponse({ type: PeriodSnapshotPageDto })
  @ApiOperation({ summary: "A node's frozen snapshots (with below=true, also those under it), newest first" })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: PeriodSnapshotQueryDto,
  ): Promise<PeriodSnapshotPageDto> {
    return this.snapshots.list(user.scope, query);
  }

  @Get('snapshots/:id')
  @RequirePermission('figures.read')
  @ApiOkResponse({ type: PeriodSnapshotDto })
  @ApiOperation({ summary: 'One frozen snapshot with its whole dashboard status (404 outside scope)' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<PeriodSnapshotDto> {
    return this.snapshots.get(user.scope, id);
  }

  @Get('status')
  @RequirePermission('figures.read')
  @ApiOkResponse({ type: ReportingStatusDto })
  @ApiOperation({ summary: "Which of the node's schools reported the month: missing (overdue) first" })
  status(
    @CurrentUser() user: AuthUser,
    @Query() query: ReportingStatusQueryDto,
  ): Promise<ReportingStatusDto> {
    return this.reportingStatus.status(user.scope, query);
  }
}
