import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { XLSX_TYPE, xlsxFile } from '../../common/xlsx-file';
import {
  ComparisonFindingDto,
  ComparisonFindingPageDto,
  ComparisonRunDetailDto,
  ComparisonRunPageDto,
  ComparisonRunSummaryDto,
  RouteFindingsResultDto,
} from '../dto/register-views.dto';
import type {
  ComparisonFindingView,
  ComparisonRunDetail,
  ComparisonRunSummary,
  Page,
  RouteFindingsResult,
} from '@baoxue/contracts';
import { AuditActor } from '../../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../../auth/auth.decorators';
import { AuthUser } from '../../auth/auth-user';
import { PagingQueryDto } from '../../common/dto/page-query.dto';
import { UuidParam } from '../../common/validation';
import { ComparisonRouter } from './comparison-router';
import { ComparisonsService } from './comparisons.service';
import {
  ComparisonFindingQueryDto,
  ConfirmFindingDto,
  RouteFindingsDto,
  StartComparisonDto,
} from './dto/comparison.dto';

/** 四查三比对: comparison runs over the current registers, their reports and findings. */
@ApiTags('registers')
@ApiCookieAuth()
@RequirePermission('registers.compare')
@Controller('registers')
export class ComparisonsController {
  constructor(
    private readonly comparisons: ComparisonsService,
    private readonly router: ComparisonRouter,
  ) {}

  @Post('comparisons')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: ComparisonRunSummaryDto, description: 'The run is queued' })
  @ApiOperation({ summary: 'Start a comparison run for a region and date (a queued job); audited' })
  start(
    @CurrentUser() user: AuthUser,
    @Body() body: StartComparisonDto,
    @Actor() actor: AuditActor,
  ): Promise<ComparisonRunSummary> {
    return this.comparisons.start(user, body, actor);
  }

  @Get('comparisons')
  @ApiOkResponse({ type: ComparisonRunPageDto })
  @ApiOperation({ summary: 'Comparison runs within the scope, newest first' })
  list(@CurrentUser() user: AuthUser, @Query() query: PagingQueryDto): Promise<Page<ComparisonRunSummary>> {
    return this.comparisons.list(user.scope, query);
  }

  @Get('comparisons/:id')
  @ApiOkResponse({ type: ComparisonRunDetailDto })
  @ApiOperation({ summary: "A run's report: counts, counts by region one level below, the registers read" })
  detail(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ComparisonRunDetail> {
    return this.comparisons.detail(user.scope, id);
  }

  @Get('comparisons/:id/findings')
  @ApiOkResponse({ type: ComparisonFindingPageDto })
  @ApiOperation({ summary: "A run's findings (ID numbers masked); audited as a read of personal data" })
  findings(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: ComparisonFindingQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<Page<ComparisonFindingView>> {
    return this.comparisons.findings(user, id, query, actor);
  }

  @Get('comparisons/:id/findings.xlsx')
  @ApiOkResponse({
    description: 'The findings as a workbook (ID numbers masked); audited',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: "Download a run's findings" })
  async workbook(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<StreamableFile> {
    const file = await this.comparisons.workbook(user, id, actor);
    return xlsxFile(file.stream, file.fileName);
  }

  @Post('comparisons/:id/route')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RouteFindingsResultDto })
  @ApiOperation({
    summary:
      'Route findings: open suspected cases (source data_comparison) in one batch; priority marks cases',
  })
  route(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: RouteFindingsDto,
    @Actor() actor: AuditActor,
  ): Promise<RouteFindingsResult> {
    return this.router.route(user, id, body, actor);
  }

  @Post('findings/:id/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ComparisonFindingDto })
  @ApiOperation({ summary: 'Decide a candidate match: the same enrolled child, a different one, or dismiss' })
  confirm(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: ConfirmFindingDto,
    @Actor() actor: AuditActor,
  ): Promise<ComparisonFindingView> {
    return this.comparisons.confirm(user, id, body, actor);
  }
}
