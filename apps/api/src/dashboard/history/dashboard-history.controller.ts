import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../../auth/auth.decorators';
import { AuthUser } from '../../auth/auth-user';
import { NodeResolver } from '../node-resolver';
import { DashboardHistoryService } from './dashboard-history.service';
import {
  BreakdownsDto,
  ListQueryDto,
  LongestOpenCaseDto,
  NodeQueryDto,
  OverdueItemSummaryDto,
  TrendsDto,
  TrendsQueryDto,
} from './dto/dashboard-history.dto';

const DEFAULT_LIMIT = 10;

/** Trends, causes and who is late, for any node in the caller's scope (404 outside it). */
@ApiTags('dashboard')
@ApiCookieAuth()
@RequirePermission('figures.read')
@Controller('dashboard')
export class DashboardHistoryController {
  constructor(
    private readonly nodes: NodeResolver,
    private readonly history: DashboardHistoryService,
  ) {}

  @Get('trends')
  @ApiOkResponse({ type: TrendsDto })
  @ApiOperation({ summary: 'Cases opened, returned or placed, and open at the end, per week or month' })
  async trends(@CurrentUser() user: AuthUser, @Query() query: TrendsQueryDto): Promise<TrendsDto> {
    const node = await this.nodes.resolve(user.scope, query.node);
    return this.history.trends(node, query.granularity ?? 'month', query.from, query.to);
  }

  @Get('breakdowns')
  @ApiOkResponse({ type: BreakdownsDto })
  @ApiOperation({ summary: 'Cases to clear and open, by primary reason, grade, source and special status' })
  async breakdowns(@CurrentUser() user: AuthUser, @Query() query: NodeQueryDto): Promise<BreakdownsDto> {
    return this.history.breakdowns(await this.nodes.resolve(user.scope, query.node));
  }

  @Get('longest-open')
  @ApiOkResponse({ type: LongestOpenCaseDto, isArray: true })
  @ApiOperation({
    summary: 'Cases to clear or open, opened longest ago first, with their responsible persons',
  })
  async longestOpen(
    @CurrentUser() user: AuthUser,
    @Query() query: ListQueryDto,
  ): Promise<LongestOpenCaseDto[]> {
    const node = await this.nodes.resolve(user.scope, query.node);
    return this.history.longestOpen(node, query.limit ?? DEFAULT_LIMIT);
  }

  @Get('overdue')
  @ApiOkResponse({ type: OverdueItemSummaryDto, isArray: true })
  @ApiOperation({ summary: 'Due items past their day, most overdue first, with their responsible persons' })
  async overdue(
    @CurrentUser() user: AuthUser,
    @Query() query: ListQueryDto,
  ): Promise<OverdueItemSummaryDto[]> {
    const node = await this.nodes.resolve(user.scope, query.node);
    return this.history.overdue(node, query.limit ?? DEFAULT_LIMIT);
  }
}
