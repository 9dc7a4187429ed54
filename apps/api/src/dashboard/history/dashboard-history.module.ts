import { Module } from '@nestjs/common';
import { DashboardNodesModule } from '../dashboard-nodes.module';

/** Figures from the case history: as of a past day, trends, causes, the longest-open and most overdue. */
@Module({
  imports: [DashboardNodesModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class DashboardHistoryModule {}
