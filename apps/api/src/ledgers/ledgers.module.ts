import { Module } from '@nestjs/common';
import { DashboardNodesModule } from '../dashboard/dashboard-nodes.module';
import { QueuesModule } from '../queues/queues.module';
import { IdNumberCipher } from '../students/id-number-cipher';
import { LedgerExportService } from './ledger-export.service';
import { LedgerExportsService } from './ledger-exports.service';
import { LedgersController } from './ledgers.controller';
import { LedgersService } from './ledgers.service';

/** The three ledgers (台账) as views over children and cases, and their Excel exports. */
@Module({
  imports: [DashboardNodesModule, QueuesModule],
  controllers: [LedgersController],
  providers: [IdNumberCipher, LedgerExportService, LedgersService, LedgerExportsService],
  exports: [LedgerExportService],
})
export class LedgersModule {}
