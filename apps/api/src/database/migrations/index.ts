import { CreatePlatformSchema1795868228018 } from './1795868228018-create-platform-schema';
import { CreateCases1796000000000 } from './1796000000000-create-cases';
import { CreateCaseInterventions1796100000000 } from './1796100000000-create-case-interventions';
import { CreateCaseReferralsAndTransfers1796200000000 } from './1796200000000-create-case-referrals-and-transfers';
import { CaseFollowUpAndAbsence1796300000000 } from './1796300000000-case-follow-up-and-absence';
import { InterventionOutcomeCodes1796310000000 } from './1796310000000-intervention-outcome-codes';
import { StudentDuplicates1796400000000 } from './1796400000000-student-duplicates';
import { InterventionPartyAndPhotos1796500000000 } from './1796500000000-intervention-party-and-photos';
import { CaseEventReveal1796600000000 } from './1796600000000-case-event-reveal';
import { RemindersAndNotifications1796700000000 } from './1796700000000-reminders-and-notifications';
import { DueItemsStageFireIndex1796800000000 } from './1796800000000-due-items-stage-fire-index';
import { FigureCounts1796900000000 } from './1796900000000-figure-counts';
import { CaseHistoryIndexes1796905000000 } from './1796905000000-case-history-indexes';
import { LedgerExports1796910000000 } from './1796910000000-ledger-exports';
import { PeriodSnapshots1796920000000 } from './1796920000000-period-snapshots';
import { Attendance1797000000000 } from './1797000000000-attendance';
import { RiskScores1797010000000 } from './1797010000000-risk-scores';
import { InterventionLocation1797020000000 } from './1797020000000-intervention-location';
import { Registers1797100000000 } from './1797100000000-registers';
import { RegisterRowFunctions1797110000000 } from './1797110000000-register-row-functions';
import { ComparisonLookups1797120000000 } from './1797120000000-comparison-lookups';
import { RegisterRowsBulk1797130000000 } from './1797130000000-register-rows-bulk';

/** Every migration, in order (the bundle has no file globbing). Append new ones here. */
export const MIGRATIONS = [
  CreatePlatformSchema1795868228018,
  CreateCases1796000000000,
  CreateCaseInterventions1796100000000,
  CreateCaseReferralsAndTransfers1796200000000,
  CaseFollowUpAndAbsence1796300000000,
  InterventionOutcomeCodes1796310000000,
  StudentDuplicates1796400000000,
  InterventionPartyAndPhotos1796500000000,
  CaseEventReveal1796600000000,
  RemindersAndNotifications1796700000000,
  DueItemsStageFireIndex1796800000000,
  FigureCounts1796900000000,
  CaseHistoryIndexes1796905000000,
  LedgerExports1796910000000,
  PeriodSnapshots1796920000000,
  Attendance1797000000000,
  RiskScores1797010000000,
  InterventionLocation1797020000000,
  Registers1797100000000,
  RegisterRowFunctions1797110000000,
  ComparisonLookups1797120000000,
  RegisterRowsBulk1797130000000,
];
