import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import {
  CreateUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserListQueryDto,
  UserPageDto,
  UserSummaryDto,
} from './dto/user.dto';
import { UsersService } from './users.service';

/** Account management: admins only, within their scope. */
@ApiTags('users')
@ApiCookieAuth()
@RequirePermission('users.manage')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  @ApiOperation({ summary: 'Users within your scope (用户管理)' })
  list(@CurrentUser() user: AuthUser, @Query() query: UserListQueryDto): Promise<UserPageDto> {
    return this.users.list(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiOperation({ summary: 'One user (404 outside your scope)' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<UserSummaryDto> {
    return this.users.get(user.scope, id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserSummaryDto })
  @ApiOperation({ summary: 'Create a user; they must change the initial password at first sign-in' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateUserDto,
    @Actor() actor: AuditActor,
  ): Promise<UserSummaryDto> {
    return this.users.create(user, body, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiOperation({ summary: 'Update a user (optimistic locking: 409 on a stale version)' })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateUserDto,
    @Actor() actor: AuditActor,
  ): Promise<UserSummaryDto> {
    return this.users.update(user, id, body, actor);
  }

  @Post(':id/password')
  @HttpCode(200)
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiOperation({ summary: "Reset a user's password; signs them out everywhere" })
  resetPassword(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: ResetPasswordDto,
    @Actor() actor: AuditActor,
  ): Promise<UserSummaryDto> {
    return this.users.resetPassword(user, id, body, actor);
  }
}
