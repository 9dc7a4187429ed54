import { Module } from '@nestjs/common';
import { RemindersCoreModule } from './reminders-core.module';

/** HTTP: "my work", the county rules and the schools' monthly reports. */
@Module({
  imports: [RemindersCoreModule],
})
export class RemindersApiModule {}
