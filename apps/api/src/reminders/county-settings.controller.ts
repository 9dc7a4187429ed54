import { Body, Controller, Get, Put } from '@nestjs/common';
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
import { UuidParam } from '../common/validation';
import { CountySettingsWriter } from './county-settings.writer';
import { CountySettingsDto, UpdateCountySettingsDto } from './dto/county-settings.dto';

/** 提醒规则: each county's (or zone's) due dates, escalation and reminder times. */
@ApiTags('reminders')
@ApiCookieAuth()
@Roles('admin', 'bureau_officer')
@Controller('settings/reminders')
export class CountySettingsController {
  constructor(private readonly writer: CountySettingsWriter) {}

  @Get()
  @ApiOkResponse({ type: CountySettingsDto, isArray: true })
  @ApiOperation({ summary: 'The rules of every county and zone within your scope' })
  list(@CurrentUser() user: AuthUser): Promise<CountySettingsDto[]> {
    return this.writer.list(user.scope);
  }

  @Get(':regionId')
  @ApiOkResponse({ type: CountySettingsDto })
  @ApiOperation({ summary: "One county's rules (404 outside scope or not a county or zone)" })
  get(@CurrentUser() user: AuthUser, @UuidParam('regionId') regionId: string): Promise<CountySettingsDto> {
    return this.writer.get(user.scope, regionId);
  }

  @Put(':regionId')
  @ApiOkResponse({ type: CountySettingsDto })
  @ApiBadRequestResponse({ description: 'Broken rules, each named `settings.<field>`' })
  @ApiConflictResponse({ description: 'A stale version: someone saved first' })
  @ApiOperation({ summary: "Save a county's rules (audited); its open cases' due items follow" })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam('regionId') regionId: string,
    @Body() body: UpdateCountySettingsDto,
    @Actor() actor: AuditActor,
  ): Promise<CountySettingsDto> {
    return this.writer.update(user.scope, regionId, body, actor);
  }
}
