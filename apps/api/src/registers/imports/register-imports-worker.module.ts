import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterFileStore } from '../files/register-file.store';
import { RegisterIdBlocks } from '../register-id-blocks';
import { RegisterImportJobs } from './register-import.jobs';

/** Register imports in the worker: the dry run and the resumable real run. */
@Module({
  imports: [QueuesModule],
  providers: [RegisterFileStore, IdNumberCipher, RegisterIdBlocks, RegisterImportJobs],
})
export class RegisterImportsWorkerModule {}
