import { Module } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { QueuesModule } from '../../queues/queues.module';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterFileStore } from '../files/register-file.store';
import { RegisterIdBlocks } from '../register-id-blocks';
import { RegisterImportRun } from './register-import-run';
import { RegisterImportJobs } from './register-import.jobs';

/** Register imports in the worker: the dry run and the resumable real run. */
@Module({
  imports: [QueuesModule],
  // The worker process has no AuditModule: the commit's audit event is written here.
  providers: [
    RegisterFileStore,
    IdNumberCipher,
    RegisterIdBlocks,
    AuditService,
    RegisterImportRun,
    RegisterImportJobs,
  ],
})
export class RegisterImportsWorkerModule {}
