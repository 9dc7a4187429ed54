import { Module } from '@nestjs/common';
import { EarlyWarningModule } from '../early-warning/early-warning.module';

/**
 * Daily attendance (考勤): class rolls, spreadsheet imports, 应到/实到/未到, and the
 * consecutive-absence rule that opens a suspected case.
 */
@Module({
  imports: [EarlyWarningModule],
})
export class AttendanceModule {}
