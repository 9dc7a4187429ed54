import { AuditEvent } from '../audit/audit-event.entity';
import { Session } from '../auth/session.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { CaseInterventionPhoto } from '../cases/case-intervention-photo.entity';
import { CaseIntervention } from '../cases/case-intervention.entity';
import { CaseReferral } from '../cases/case-referral.entity';
import { CaseResponsible } from '../cases/case-responsible.entity';
import { CaseTransfer } from '../cases/case-transfer.entity';
import { Case } from '../cases/case.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../regions/region.entity';
import { Guardian } from '../students/guardian.entity';
import { StudentDuplicate } from '../students/student-duplicate.entity';
import { StudentFlag } from '../students/student-flag.entity';
import { Student } from '../students/student.entity';
import { User } from '../users/user.entity';
import { CountySettingsRow } from '../reminders/county-settings.entity';
import { DueItem } from '../reminders/due-item.entity';
import { SchoolMonthlyReport } from '../reminders/school-monthly-report.entity';
import { Notification } from '../notifications/notification.entity';
import { NotificationChannelRow } from '../notifications/notification-channel.entity';
import { NotificationDelivery } from '../notifications/notification-delivery.entity';
import { FigureCount } from '../dashboard/figure-count.entity';
import { PeriodSnapshotRow } from '../reporting/period-snapshot.entity';
import { LedgerExport } from '../ledgers/ledger-export.entity';
import { StudentRiskScore } from '../early-warning/student-risk-score.entity';
import { CountyEarlyWarningRulesRow } from '../early-warning/county-early-warning-rules.entity';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { AttendanceRoll } from '../attendance/attendance-roll.entity';

/** Every entity, listed once (the bundle has no file globbing). */
export const ENTITIES = [
  Region,
  Organisation,
  User,
  Session,
  AuditEvent,
  Student,
  Guardian,
  StudentFlag,
  StudentDuplicate,
  Case,
  CaseEvent,
  CaseResponsible,
  CaseIntervention,
  CaseInterventionPhoto,
  CaseReferral,
  CaseTransfer,
  CountySettingsRow,
  SchoolMonthlyReport,
  DueItem,
  Notification,
  NotificationChannelRow,
  NotificationDelivery,
  // Dashboard figures (issue 5):
  FigureCount,
  // Ledger exports (issue 5):
  LedgerExport,
  // Reporting snapshots (issue 5):
  PeriodSnapshotRow,
  // Early warning (issue 6):
  StudentRiskScore,
  CountyEarlyWarningRulesRow,
  // Attendance (issue 6):
  AttendanceRecord,
  AttendanceRoll,
];
