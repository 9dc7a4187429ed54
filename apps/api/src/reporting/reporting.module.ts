import { Module } from '@nestjs/common';
import { DashboardNodesModule } from '../dashboard/dashboard-nodes.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { ReportingController } from './reporting.controller';
import { ReportingStatusQuery } from './reporting-status.query';
import { SnapshotFreezer } from './snapshot-freezer';
import { SnapshotsService } from './snapshots.service';

/** The reporting cadence (四个一): frozen period snapshots and who has not yet submitted. */
@Module({
  imports: [DashboardNodesModule, DashboardModule],
  controllers: [ReportingController],
  providers: [SnapshotFreezer, SnapshotsService, ReportingStatusQuery],
  exports: [SnapshotFreezer],
})
export class ReportingModule {}
