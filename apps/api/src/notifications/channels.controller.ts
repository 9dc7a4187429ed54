import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { ChannelsService } from './channels.service';
import {
  ChannelListQueryDto,
  ChannelTestResultDto,
  CreateNotificationChannelDto,
  DeliveryListQueryDto,
  NotificationChannelDto,
  NotificationDeliveryDto,
  UpdateNotificationChannelDto,
} from './dto/channel.dto';

/** Webhook channels (企业微信 / 钉钉 group robots) of the organisations in your scope. */
@ApiTags('notification-channels')
@ApiCookieAuth()
@Roles('admin', 'bureau_officer')
@Controller('notification-channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationChannelDto, isArray: true })
  @ApiOperation({ summary: 'Webhook channels in your scope, with their recent failures (通知渠道)' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ChannelListQueryDto,
  ): Promise<NotificationChannelDto[]> {
    return this.channels.list(user.scope, query);
  }

  @Post()
  @ApiCreatedResponse({ type: NotificationChannelDto })
  @ApiOperation({ summary: 'Add a group-robot webhook to an organisation in your scope' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateNotificationChannelDto,
    @Actor() actor: AuditActor,
  ): Promise<NotificationChannelDto> {
    return this.channels.create(user.scope, body, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: NotificationChannelDto })
  @ApiOperation({ summary: 'Update a channel (optimistic locking: 409 on a stale version)' })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateNotificationChannelDto,
    @Actor() actor: AuditActor,
  ): Promise<NotificationChannelDto> {
    return this.channels.update(user.scope, id, body, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Remove a channel (its deliveries go with it)' })
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Actor() actor: AuditActor): Promise<void> {
    return this.channels.remove(user.scope, id, actor);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: NotificationDeliveryDto, isArray: true })
  @ApiOperation({ summary: "A channel's latest deliveries (at most 100), e.g. ?status=failed" })
  deliveries(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: DeliveryListQueryDto,
  ): Promise<NotificationDeliveryDto[]> {
    return this.channels.deliveries(user.scope, id, query);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ChannelTestResultDto })
  @ApiOperation({ summary: 'Send a test message now and report whether the robot accepted it' })
  test(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<ChannelTestResultDto> {
    return this.channels.test(user.scope, id, actor);
  }
}
