import type { CaseSettings, DueKind, ReminderStage } from '@baoxue/domain';

/** GET /api/work: the caller's due and overdue items, soonest first. */
export interface WorkItem {
  id: string;
  kind: DueKind;
  dueOn: string;
  /** Whole days past the due day (0 on the day, negative before it). */
  daysOverdue: number;
  overdue: boolean;
  /** The stage the item has reached: `due` until it escalates. */
  stage: ReminderStage | null;
  /** Why it is on the caller's list: named responsible, or escalated to the caller. */
  role: 'responsible' | 'escalated';
  case: { id: string; studentName: string; state: string } | null;
  school: { id: string; name: string } | null;
  /** Where the work is done in the web app, e.g. `/cases/<id>`. */
  link: string;
}

export interface WorkList {
  /** Oldest first; at most 500 (see `overdueTotal`). */
  overdue: WorkItem[];
  /** Due today or within `days` (default 14), soonest first; at most 500. */
  upcoming: WorkItem[];
  /** How many items each list has in all (always set by the API): above 500, some were left out. */
  overdueTotal?: number;
  upcomingTotal?: number;
}

/** GET/PUT /api/settings/reminders/:regionId — one county's (or zone's) rules. */
export interface CountySettings {
  regionId: string;
  regionName: string;
  settings: CaseSettings;
  /** True while the county uses the deployment's defaults (nothing saved yet). */
  isDefault: boolean;
  defaults: CaseSettings;
  version: number;
  updatedAt: string | null;
}

export interface UpdateCountySettings {
  settings: CaseSettings;
  /** The version read; a stale one gets 409 and changes nothing. */
  version: number;
}

/** POST /api/schools/:schoolId/monthly-reports: a school's monthly report (四个一 月报). */
export interface SubmitSchoolMonthlyReport {
  /** The month reported, `YYYY-MM`; not after the current month. */
  period: string;
}

export interface SchoolMonthlyReportView {
  id: string;
  schoolId: string;
  period: string;
  submittedAt: string;
  submittedByName: string | null;
}
