import { Module } from '@nestjs/common';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { NotificationsCoreModule } from './notifications-core.module';

/** HTTP: the in-app inbox and the organisations' webhook channels. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [InboxController, ChannelsController],
  providers: [InboxService, ChannelsService],
})
export class NotificationsApiModule {}
