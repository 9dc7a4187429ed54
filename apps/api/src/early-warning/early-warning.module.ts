import { Module } from '@nestjs/common';
import { RiskScheduler } from './risk-scheduler';

/** Dropout-risk scores, the watch list and each county's early-warning rules (HTTP side). */
@Module({
  providers: [RiskScheduler],
  exports: [RiskScheduler],
})
export class EarlyWarningModule {}
