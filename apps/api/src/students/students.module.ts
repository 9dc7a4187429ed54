import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdNumberCipher } from './id-number-cipher';
import { StudentsController } from './students.controller';
import { StudentsService } from './students.service';

/** Children and their guardians. Also imported by the seed (CLI), which needs IdNumberCipher. */
@Module({
  imports: [AuditModule],
  controllers: [StudentsController],
  providers: [IdNumberCipher, StudentsService],
  exports: [IdNumberCipher, StudentsService],
})
export class StudentsModule {}
