import { Module } from '@nestjs/common';
import { CaseInterventionsController } from './case-interventions.controller';
import { CaseInterventionsService } from './case-interventions.service';
import { CaseReferralsController, ReferralInboxController } from './case-referrals.controller';
import { CaseReferralsService } from './case-referrals.service';
import { CaseTransfersController, TransfersController } from './case-transfers.controller';
import { CaseTransfersService } from './case-transfers.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [
    CasesController,
    CaseInterventionsController,
    CaseReferralsController,
    ReferralInboxController,
    CaseTransfersController,
    TransfersController,
  ],
  providers: [CasesService, CaseInterventionsService, CaseReferralsService, CaseTransfersService],
  exports: [CasesService, CaseInterventionsService],
})
export class CasesModule {}
