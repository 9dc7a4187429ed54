import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { IdNumberCipher } from '../students/id-number-cipher';
import { LedgerExportHandler } from './ledger-export.handler';
import { LedgerExportService } from './ledger-export.service';

/** Worker: writes large ledger exports (the ledger-export job). */
@Module({
  imports: [QueuesModule],
  providers: [IdNumberCipher, LedgerExportService, LedgerExportHandler],
})
export class LedgersWorkerModule {}
