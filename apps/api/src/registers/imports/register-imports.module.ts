import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterFileStore } from '../files/register-file.store';
import { RegisterIdBlocks } from '../register-id-blocks';
import { RegisterImportsController } from './register-imports.controller';
import { RegisterImportsService } from './register-imports.service';

/** Register imports (HTTP side): upload, mapping, dry-run report, error workbook, history. */
@Module({
  imports: [QueuesModule],
  controllers: [RegisterImportsController],
  providers: [RegisterFileStore, IdNumberCipher, RegisterIdBlocks, RegisterImportsService],
})
export class RegisterImportsModule {}
