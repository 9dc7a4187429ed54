import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CaseTimelineModule } from '../cases/case-timeline.module';
import { DuplicateDetector } from './duplicate-detector';
import { IdNumberCipher } from './id-number-cipher';
import { StudentDuplicatesController } from './student-duplicates.controller';
import { StudentDuplicatesService } from './student-duplicates.service';
import { StudentsController } from './students.controller';
import { StudentsService } from './students.service';

/** Children and their guardians. Also imported by the seed (CLI), which needs IdNumberCipher. */
@Module({
  imports: [AuditModule, CaseTimelineModule],
  controllers: [StudentsController, StudentDuplicatesController],
  providers: [IdNumberCipher, DuplicateDetector, StudentsService, StudentDuplicatesService],
  exports: [IdNumberCipher, StudentsService],
})
export class StudentsModule {}
