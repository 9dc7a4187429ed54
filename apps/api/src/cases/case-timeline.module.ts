import { Module } from '@nestjs/common';
import { RemindersCoreModule } from '../reminders/reminders-core.module';
import { CaseTimeline } from './case-timeline.service';

/** The case timeline on its own, so the students module can write to it (a reveal) without importing cases. */
@Module({
  imports: [RemindersCoreModule],
  providers: [CaseTimeline],
  exports: [CaseTimeline],
})
export class CaseTimelineModule {}
