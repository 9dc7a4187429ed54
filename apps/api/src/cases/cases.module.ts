import { Module } from '@nestjs/common';
import { CaseInterventionsController } from './case-interventions.controller';
import { CaseInterventionsService } from './case-interventions.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController, CaseInterventionsController],
  providers: [CasesService, CaseInterventionsService],
  exports: [CasesService, CaseInterventionsService],
})
export class CasesModule {}
