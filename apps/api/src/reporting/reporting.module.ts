import { Module } from '@nestjs/common';
import { DashboardNodesModule } from '../dashboard/dashboard-nodes.module';

/** The reporting cadence (四个一): frozen period snapshots and who has not yet submitted. */
@Module({
  imports: [DashboardNodesModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class ReportingModule {}
