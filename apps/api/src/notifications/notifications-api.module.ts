import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from './notifications-core.module';

/** HTTP: the in-app inbox and the organisations' webhook channels. */
@Module({
  imports: [NotificationsCoreModule],
})
export class NotificationsApiModule {}
