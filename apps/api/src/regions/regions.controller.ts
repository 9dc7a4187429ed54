import { Controller, Get, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { RegionRefDto } from '../auth/dto/current-user.dto';
import { RegionChildrenQueryDto, RegionNodeDto } from './dto/region.dto';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@ApiCookieAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOkResponse({ type: RegionNodeDto, isArray: true })
  @ApiOperation({
    summary: 'Children of a region node within your scope (or your scope root)',
  })
  children(@CurrentUser() user: AuthUser, @Query() query: RegionChildrenQueryDto): Promise<RegionNodeDto[]> {
    return this.regions.children(user.scope, query.parentId);
  }

  @Get(':id/chain')
  @ApiOkResponse({ type: RegionRefDto, isArray: true })
  @ApiOperation({
    summary: 'The chain from the province down to this region (in your scope)',
  })
  async chain(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<RegionRefDto[]> {
    const region = await this.regions.getInScope(user.scope, id);
    return this.regions.chainOf(region.path);
  }
}
