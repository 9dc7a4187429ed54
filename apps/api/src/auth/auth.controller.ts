import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditActor } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Actor, AllowedBeforePasswordChange, CurrentUser, Public } from './auth.decorators';
import { AuthedRequest, AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { CurrentUserDto } from './dto/current-user.dto';
import { SESSION_COOKIE } from './session.store';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: CurrentUserDto })
  @ApiOperation({ summary: 'Sign in; sets the httpOnly session cookie (登录)' })
  async login(
    @Body() body: LoginDto,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CurrentUserDto> {
    const { token, user } = await this.auth.login(body.username, body.password, {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
    });
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      path: '/',
      maxAge: this.config.SESSION_TTL_HOURS * 3600,
    });
    return user;
  }

  @Post('logout')
  @HttpCode(204)
  @AllowedBeforePasswordChange()
  @ApiCookieAuth()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Sign out: ends this session (退出登录)' })
  async logout(
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(user, actor);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiCookieAuth()
  @ApiOkResponse({ type: CurrentUserDto })
  @ApiOperation({ summary: 'The signed-in user, their organisation and scope' })
  me(@CurrentUser() user: AuthUser): Promise<CurrentUserDto> {
    return this.auth.currentUser(user.id);
  }

  @Post('password')
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @ApiCookieAuth()
  @ApiOkResponse({ type: CurrentUserDto })
  @ApiOperation({
    summary: 'Change your own password; signs out your other sessions (修改密码)',
  })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Actor() actor: AuditActor,
  ): Promise<CurrentUserDto> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword, actor);
  }
}
