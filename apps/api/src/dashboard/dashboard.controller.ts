import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { NodeStatusDto, StatusQueryDto } from './dto/status.dto';
import { FiguresService } from './figures.service';
import { NodeResolver } from './node-resolver';

/**
 * 动态清零 at a glance. Reads are not audited: the answers are aggregates over the caller's
 * scope and carry no child's personal data (DOMAIN.md §8 audits reads of children's records).
 */
@ApiTags('dashboard')
@ApiCookieAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly nodes: NodeResolver,
    private readonly figures: FiguresService,
  ) {}

  @Get('status')
  @RequirePermission('figures.read')
  @ApiOkResponse({ type: NodeStatusDto })
  @ApiOperation({
    summary: "A node's figures and its children's, now or as of a past day (404 outside scope)",
  })
  async status(@CurrentUser() user: AuthUser, @Query() query: StatusQueryDto): Promise<NodeStatusDto> {
    const node = await this.nodes.resolve(user.scope, query.node);
    return this.figures.status(user.scope, node, query.asOf ?? null);
  }
}
