import { Module } from '@nestjs/common';
import { CaseTimeline } from './case-timeline.service';

/** The case timeline on its own, so the students module can write to it (a reveal) without importing cases. */
@Module({
  providers: [CaseTimeline],
  exports: [CaseTimeline],
})
export class CaseTimelineModule {}
