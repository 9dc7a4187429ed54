import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import {
  EarlyWarningCountyQueryDto,
  EarlyWarningSettingsDto,
  SaveEarlyWarningSettingsDto,
} from './dto/early-warning-settings.dto';
import { EarlyWarningSettingsService } from './early-warning-settings.service';

/** 预警规则: each county's (or zone's) dropout-risk score rules. */
@ApiTags('early-warning')
@ApiCookieAuth()
@Roles('admin', 'bureau_officer')
@Controller('settings/early-warning')
export class EarlyWarningSettingsController {
  constructor(private readonly settings: EarlyWarningSettingsService) {}

  @Get()
  @ApiOkResponse({ type: EarlyWarningSettingsDto })
  @ApiOperation({ summary: "A county's risk rules, the defaults while none are saved (404 outside scope)" })
  get(
    @CurrentUser() user: AuthUser,
    @Query() query: EarlyWarningCountyQueryDto,
  ): Promise<EarlyWarningSettingsDto> {
    return this.settings.get(user.scope, query.countyId);
  }

  @Put()
  @ApiOkResponse({ type: EarlyWarningSettingsDto })
  @ApiBadRequestResponse({ description: 'Broken rules, each named `rules.<field>`' })
  @ApiConflictResponse({ description: 'A stale version: someone saved first' })
  @ApiOperation({ summary: "Save a county's risk rules (audited); its scores are recomputed" })
  save(
    @CurrentUser() user: AuthUser,
    @Query() query: EarlyWarningCountyQueryDto,
    @Body() body: SaveEarlyWarningSettingsDto,
    @Actor() actor: AuditActor,
  ): Promise<EarlyWarningSettingsDto> {
    return this.settings.save(user.scope, query.countyId, body, actor);
  }
}
