import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { InboxNotificationDto, InboxPageDto, InboxQueryDto, UnreadCountDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

/** The signed-in user's in-app notifications (消息). */
@ApiTags('notifications')
@ApiCookieAuth()
@Controller('notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOkResponse({ type: InboxPageDto })
  @ApiOperation({ summary: 'Your notifications, newest first (消息列表)' })
  list(@CurrentUser() user: AuthUser, @Query() query: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiOperation({ summary: 'How many of your notifications are unread (the header badge)' })
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.inbox.unreadCount(user.id);
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiOperation({ summary: 'Mark all your notifications read (全部已读)' })
  readAll(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.inbox.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InboxNotificationDto })
  @ApiOperation({ summary: 'Mark one of your notifications read (404 if it is not yours)' })
  read(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<InboxNotificationDto> {
    return this.inbox.markRead(user.id, id);
  }
}
