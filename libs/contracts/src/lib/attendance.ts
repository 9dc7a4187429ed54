import type { AttendanceMark, ExcuseReason, RiskReason, RiskRules, Sex } from '@baoxue/domain';
import type { DashboardNode, NodeRef } from './dashboard';

/** A class of a school (年级 + 班级) and how many children are on its roll. */
export interface SchoolClass {
  grade: number;
  className: string;
  studentCount: number;
}

/** GET /api/attendance/classes?schoolId= (school staff: their school; default it). */
export interface SchoolClassesQuery {
  schoolId?: string;
}

/** GET /api/attendance/rolls?schoolId=&grade=&className=&date= */
export interface ClassRollQuery {
  schoolId?: string;
  grade: number;
  className: string;
  /** YYYY-MM-DD (China); default today. */
  date?: string;
}

export interface RollEntry {
  studentId: string;
  fullName: string;
  sex: Sex;
  /** null: not yet marked on this day. */
  mark: AttendanceMark | null;
  excuseReason: ExcuseReason | null;
  note: string | null;
  /** The child's current risk score, when assessed. */
  riskScore: number | null;
  /** The child's open case, if any. */
  openCaseId: string | null;
}

/** One class's roll (点名册) for one day. */
export interface ClassRoll {
  schoolId: string;
  schoolName: string;
  grade: number;
  className: string;
  date: string;
  /** Every child on the roll is marked. */
  taken: boolean;
  takenAt: string | null;
  takenByName: string | null;
  entries: RollEntry[];
}

export interface RollMark {
  studentId: string;
  mark: AttendanceMark;
  /** Required with `excused`, refused otherwise. */
  excuseReason?: ExcuseReason;
  note?: string;
}

/** PUT /api/attendance/rolls: saves (replaces) the given children's marks for the day. */
export interface SaveRollRequest {
  schoolId: string;
  grade: number;
  className: string;
  /** YYYY-MM-DD, not in the future. */
  date: string;
  marks: RollMark[];
}

/** A suspected case the early-warning rule opened (连续无故缺勤). */
export interface OpenedByAttendance {
  caseId: string;
  studentId: string;
  studentName: string;
  /** Unexcused school days in a row. */
  run: number;
}

export interface SaveRollResult {
  roll: ClassRoll;
  openedCases: OpenedByAttendance[];
}

/** A problem in one row of an attendance spreadsheet (1-based row as the sheet shows it). */
export interface AttendanceImportProblem {
  row: number;
  field: string;
  rule: string;
  message: string;
}

/**
 * POST /api/attendance/imports (multipart: `file` .xlsx or .csv, `schoolId`, `dryRun`):
 * columns 日期, 年级, 班级, 姓名, 学籍号 or 身份证号, 考勤 (出勤/迟到/请假/无故缺勤), 请假原因, 备注.
 * Nothing is saved when any row has a problem.
 */
export interface AttendanceImportResult {
  dryRun: boolean;
  rows: number;
  saved: number;
  problems: AttendanceImportProblem[];
  openedCases: OpenedByAttendance[];
}

/** 应到 / 实到 / 未到 for one node and day. */
export interface AttendanceCounts {
  /** 应到: children on the rolls taken that day. */
  expected: number;
  /** 实到: present or late. */
  present: number;
  /** 未到: excused + unexcused. */
  absent: number;
  late: number;
  excused: number;
  unexcused: number;
  /** Classes of the node that took no roll that day. */
  classesNotTaken: number;
  classes: number;
}

export interface AttendanceSummaryRow extends AttendanceCounts {
  node: DashboardNode;
}

/** GET /api/attendance/summary?node=&date= — the node and each unit below it (school → classes). */
export interface AttendanceSummary extends AttendanceCounts {
  node: DashboardNode;
  date: string;
  children: AttendanceSummaryRow[];
}

export interface AttendanceSummaryQuery {
  node?: NodeRef;
  date?: string;
}

/** One child on the watch list (重点关注名单), highest score first. */
export interface WatchListEntry {
  studentId: string;
  fullName: string;
  grade: number | null;
  className: string | null;
  schoolId: string | null;
  schoolName: string | null;
  score: number;
  reasons: RiskReason[];
  /** 近20个教学日缺勤6天；留守儿童；曾有辍学记录 */
  summaryZh: string;
  assessedAt: string;
  openCaseId: string | null;
}

/** GET /api/attendance/watch-list?schoolId=&grade=&className=&page=&pageSize= */
export interface WatchListQuery {
  schoolId?: string;
  grade?: number;
  className?: string;
  page?: number;
  pageSize?: number;
}

/** GET/PUT /api/settings/early-warning?countyId= — a county's risk rules. */
export interface EarlyWarningSettings {
  countyId: string;
  countyName: string;
  rules: RiskRules;
  /** True while no county-specific rules are saved (the defaults apply). */
  isDefault: boolean;
  version: number;
  updatedAt: string | null;
}

export interface SaveEarlyWarningSettingsRequest {
  rules: RiskRules;
  /** The version you read (0 for defaults); a stale one gets 409. */
  version: number;
}
