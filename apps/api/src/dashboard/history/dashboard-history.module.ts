import { Module } from '@nestjs/common';
import { DashboardNodesModule } from '../dashboard-nodes.module';
import { AsOfFigures } from './as-of-figures';
import { DashboardHistoryController } from './dashboard-history.controller';
import { DashboardHistoryService } from './dashboard-history.service';

/** Figures from the case history: as of a past day, trends, causes, the longest-open and most overdue. */
@Module({
  imports: [DashboardNodesModule],
  controllers: [DashboardHistoryController],
  providers: [AsOfFigures, DashboardHistoryService],
  exports: [AsOfFigures],
})
export class DashboardHistoryModule {}
