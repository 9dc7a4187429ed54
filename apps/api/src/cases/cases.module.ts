import { Module } from '@nestjs/common';
import { StudentsModule } from '../students/students.module';
import { CaseAccessLogService } from './case-access-log.service';
import { CaseFieldsService } from './case-fields.service';
import { CaseInterventionPhotosService } from './case-intervention-photos.service';
import { CaseInterventionsController } from './case-interventions.controller';
import { CaseInterventionsService } from './case-interventions.service';
import { CaseListsService } from './case-lists.service';
import { CaseNoticesService } from './case-notices.service';
import { CaseRecordsController } from './case-records.controller';
import { CaseResponsibles } from './case-responsibles.service';
import { CaseTimelineModule } from './case-timeline.module';
import { CaseReferralsController, ReferralInboxController } from './case-referrals.controller';
import { CaseReferralsService } from './case-referrals.service';
import { CaseTransfersController, TransfersController } from './case-transfers.controller';
import { CaseTransfersService } from './case-transfers.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [StudentsModule, CaseTimelineModule],
  controllers: [
    CasesController,
    CaseInterventionsController,
    CaseReferralsController,
    ReferralInboxController,
    CaseTransfersController,
    TransfersController,
    CaseRecordsController,
  ],
  providers: [
    CasesService,
    CaseFieldsService,
    CaseInterventionsService,
    CaseInterventionPhotosService,
    CaseReferralsService,
    CaseTransfersService,
    CaseListsService,
    CaseAccessLogService,
    CaseNoticesService,
    CaseResponsibles,
  ],
  exports: [CasesService, CaseInterventionsService],
})
export class CasesModule {}
