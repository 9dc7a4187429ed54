import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardNodesModule } from './dashboard-nodes.module';
import { FiguresService } from './figures.service';
import { DashboardHistoryModule } from './history/dashboard-history.module';

/** 动态清零 at a glance: the figures of any node in scope, now and as of a past day. */
@Module({
  imports: [DashboardNodesModule, DashboardHistoryModule],
  controllers: [DashboardController],
  providers: [FiguresService],
  exports: [FiguresService, DashboardNodesModule],
})
export class DashboardModule {}
