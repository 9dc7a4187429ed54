import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { CaseAccessLogService } from './case-access-log.service';
import { CaseNoticesService } from './case-notices.service';
import { CaseAccessLogQueryDto, CaseAccessPageDto, CaseNoticeDto } from './dto/case.dto';

/** What is kept about a case beyond its own record: who looked at it, and its print views. */
@ApiTags('cases')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('cases/:id')
export class CaseRecordsController {
  constructor(
    private readonly accessLog: CaseAccessLogService,
    private readonly notices: CaseNoticesService,
  ) {}

  @Get('access-log')
  @RequirePermission('audit.read')
  @ApiOkResponse({ type: CaseAccessPageDto })
  @ApiOperation({
    summary: 'Who looked at this record (谁查看过): audit entries about the case or its child, newest first',
  })
  list(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: CaseAccessLogQueryDto,
  ): Promise<CaseAccessPageDto> {
    return this.accessLog.list(user, id, query);
  }

  @Get('notices/written-order/:interventionId')
  @ApiOkResponse({ type: CaseNoticeDto })
  @ApiOperation({ summary: 'Print view of a written order to return to school (限期返校通知书); audited' })
  writtenOrder(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('interventionId') interventionId: string,
    @Actor() actor: AuditActor,
  ): Promise<CaseNoticeDto> {
    return this.notices.writtenOrder(user, id, interventionId, actor);
  }

  @Get('notices/township-report')
  @ApiOkResponse({ type: CaseNoticeDto })
  @ApiOperation({ summary: 'Print view of the report to the town government and the bureau; audited' })
  townshipReport(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<CaseNoticeDto> {
    return this.notices.townshipReport(user, id, actor);
  }
}
