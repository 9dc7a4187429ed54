import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { EarlyWarningSettingsController } from './early-warning-settings.controller';
import { EarlyWarningSettingsService } from './early-warning-settings.service';
import { RiskRecompute } from './risk-recompute';
import { RiskScheduler } from './risk-scheduler';
import { WatchListController } from './watch-list.controller';
import { WatchListService } from './watch-list.service';

/** Dropout-risk scores, the watch list and each county's early-warning rules (HTTP side). */
@Module({
  imports: [QueuesModule],
  controllers: [WatchListController, EarlyWarningSettingsController],
  providers: [RiskScheduler, RiskRecompute, WatchListService, EarlyWarningSettingsService],
  exports: [RiskScheduler, RiskRecompute],
})
export class EarlyWarningModule {}
