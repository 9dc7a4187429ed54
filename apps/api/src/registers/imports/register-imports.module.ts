import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterFileStore } from '../files/register-file.store';
import { RegisterIdBlocks } from '../register-id-blocks';

/** Register imports (HTTP side): upload, mapping, dry-run report, error workbook, history. */
@Module({
  imports: [QueuesModule],
  controllers: [],
  providers: [RegisterFileStore, IdNumberCipher, RegisterIdBlocks],
})
export class RegisterImportsModule {}
