import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationListQueryDto,
  OrganisationPageDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiCookieAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiOperation({ summary: 'Organisations within your scope (机构列表)' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: OrganisationListQueryDto,
  ): Promise<OrganisationPageDto> {
    return this.organisations.list(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiOperation({ summary: 'One organisation (404 outside your scope)' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<OrganisationDto> {
    return this.organisations.get(user.scope, id);
  }

  @Post()
  @RequirePermission('organisations.manage')
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiOperation({ summary: 'Create an organisation in your scope (admins)' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateOrganisationDto,
    @Actor() actor: AuditActor,
  ): Promise<OrganisationDto> {
    return this.organisations.create(user.scope, body, actor);
  }

  @Patch(':id')
  @RequirePermission('organisations.manage')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiOperation({ summary: 'Update an organisation (optimistic locking: 409 on a stale version)' })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateOrganisationDto,
    @Actor() actor: AuditActor,
  ): Promise<OrganisationDto> {
    return this.organisations.update(user.scope, id, body, actor);
  }
}
