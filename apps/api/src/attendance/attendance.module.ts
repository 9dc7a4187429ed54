import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DashboardNodesModule } from '../dashboard/dashboard-nodes.module';
import { EarlyWarningModule } from '../early-warning/early-warning.module';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { RemindersCoreModule } from '../reminders/reminders-core.module';
import { StudentsModule } from '../students/students.module';
import { AbsenceCaseOpener } from './absence-case-opener';
import { AbsenceRule } from './absence-rule';
import { AttendanceImportController } from './attendance-import.controller';
import { AttendanceImportService } from './attendance-import.service';
import { AttendanceRollsService } from './attendance-rolls.service';
import { AttendanceSummaryService } from './attendance-summary.service';
import { AttendanceController } from './attendance.controller';

/**
 * Daily attendance (考勤): class rolls, spreadsheet imports, 应到/实到/未到, and the
 * consecutive-absence rule that opens a suspected case.
 */
@Module({
  imports: [
    EarlyWarningModule,
    CasesModule,
    StudentsModule,
    DashboardNodesModule,
    NotificationsCoreModule,
    RemindersCoreModule,
  ],
  controllers: [AttendanceController, AttendanceImportController],
  providers: [
    AttendanceRollsService,
    AttendanceImportService,
    AttendanceSummaryService,
    AbsenceRule,
    AbsenceCaseOpener,
  ],
})
export class AttendanceModule {}
