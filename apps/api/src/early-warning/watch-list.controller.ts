import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { WatchListPageDto, WatchListQueryDto } from './dto/watch-list.dto';
import { WatchListService } from './watch-list.service';

/** Those who act on a school's absences: its staff, and the bureau and government above it. */
export const WATCH_LIST_ROLES = [
  'admin',
  'bureau_leader',
  'bureau_officer',
  'government_official',
  'school_staff',
] as const;

/** 重点关注名单: children whose risk score reached their county's watch threshold. */
@ApiTags('early-warning')
@ApiCookieAuth()
@Controller('attendance/watch-list')
export class WatchListController {
  constructor(private readonly watchList: WatchListService) {}

  @Get()
  @Roles(...WATCH_LIST_ROLES)
  @ApiOkResponse({ type: WatchListPageDto })
  @ApiNotFoundResponse({ description: 'A school outside your scope (or none such)' })
  @ApiOperation({ summary: 'The watch list, highest score first (audited)' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: WatchListQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<WatchListPageDto> {
    return this.watchList.page(user.scope, query, actor);
  }
}
