import { Module } from '@nestjs/common';
import { CasesModule } from '../../cases/cases.module';
import { NotificationsCoreModule } from '../../notifications/notifications-core.module';
import { QueuesModule } from '../../queues/queues.module';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterIdBlocks } from '../register-id-blocks';
import { ComparisonRouter } from './comparison-router';
import { ComparisonsController } from './comparisons.controller';
import { ComparisonsService } from './comparisons.service';

/** Comparison runs (HTTP side): start a run, its report and findings, routing and confirmation. */
@Module({
  imports: [QueuesModule, CasesModule, NotificationsCoreModule],
  controllers: [ComparisonsController],
  providers: [ComparisonsService, ComparisonRouter, IdNumberCipher, RegisterIdBlocks],
})
export class ComparisonsModule {}
