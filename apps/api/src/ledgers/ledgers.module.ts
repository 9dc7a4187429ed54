import { Module } from '@nestjs/common';
import { DashboardNodesModule } from '../dashboard/dashboard-nodes.module';

/** The three ledgers (台账) as views over children and cases, and their Excel exports. */
@Module({
  imports: [DashboardNodesModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class LedgersModule {}
