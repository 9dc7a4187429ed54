import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { ReportingModule } from '../reporting/reporting.module';
import { CountySettingsController } from './county-settings.controller';
import { CountySettingsWriter } from './county-settings.writer';
import { MyWorkController } from './my-work.controller';
import { RemindersCoreModule } from './reminders-core.module';
import { SchoolReportsController } from './school-reports.controller';
import { SchoolReportsService } from './school-reports.service';

/** HTTP: "my work", the county rules and the schools' monthly reports. */
@Module({
  imports: [RemindersCoreModule, QueuesModule, ReportingModule],
  controllers: [MyWorkController, CountySettingsController, SchoolReportsController],
  providers: [CountySettingsWriter, SchoolReportsService],
})
export class RemindersApiModule {}
