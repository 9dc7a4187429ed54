import type { CaseReason, CaseState, GuardianRelation, Level, Line, Sex } from '@baoxue/domain';
import type { NodeRef } from './dashboard';
import type { Page } from './pagination';

/**
 * The three ledgers the Ministry names (台账, DOMAIN.md §6), as views over children and cases
 * for any node and day:
 * - `school_age` 适龄儿童台账: children aged 6–15 on the day, with their schooling status;
 * - `suspected` 疑似辍学学生台账: cases suspected or verifying on the day;
 * - `dropout` 辍学学生台账: cases confirmed as dropouts (reached persuading) in the school
 *   year containing the day, whatever their state since, and those still persuading on the day.
 *
 * Case states are as of the end of the China day, from the case history (case_events).
 */
export const LEDGER_KINDS = ['school_age', 'suspected', 'dropout'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const LEDGER_TITLES: Readonly<Record<LedgerKind, { zh: string; en: string }>> = {
  school_age: { zh: '适龄儿童台账', en: 'School-age children' },
  suspected: { zh: '疑似辍学学生台账', en: 'Suspected dropouts' },
  dropout: { zh: '辍学学生台账', en: 'Dropouts' },
};

/**
 * A child's schooling status on the day (适龄儿童台账): an open case wins over the 学籍 record.
 * `enrolled` 在校, `suspected` 疑似辍学 (suspected or verifying), `persuading` 辍学劝返中,
 * `monitoring` 监测中, `not_enrolled` 未入学, `transferred_out` 转出, `graduated` 毕业.
 */
export const SCHOOLING_STATUSES = [
  'enrolled',
  'suspected',
  'persuading',
  'monitoring',
  'not_enrolled',
  'transferred_out',
  'graduated',
] as const;
export type SchoolingStatus = (typeof SCHOOLING_STATUSES)[number];

export const SCHOOLING_STATUS_LABELS: Readonly<Record<SchoolingStatus, { zh: string; en: string }>> = {
  enrolled: { zh: '在校', en: 'In school' },
  suspected: { zh: '疑似辍学', en: 'Suspected dropout' },
  persuading: { zh: '辍学劝返中', en: 'Dropout, being persuaded' },
  monitoring: { zh: '监测中', en: 'Monitoring' },
  not_enrolled: { zh: '未入学', en: 'Not enrolled' },
  transferred_out: { zh: '转出', en: 'Transferred out' },
  graduated: { zh: '毕业', en: 'Graduated' },
};

/** `GET /api/ledgers/:kind?node=&date=&page=&pageSize=`. */
export interface LedgerQuery {
  /** `region:<id>` or `school:<id>`; default the root of your scope. */
  node?: NodeRef;
  /** YYYY-MM-DD, as of the end of that China day; default today. */
  date?: string;
  page?: number;
  /** 1–200, default 50. */
  pageSize?: number;
}

export interface LedgerGuardian {
  fullName: string;
  relation: GuardianRelation;
  /** `138****5678`. */
  phoneMasked: string | null;
}

export interface LedgerResponsible {
  line: Line;
  level: Level;
  fullName: string;
}

/** One row (masked): a child, and for the case ledgers the case; case fields are null without one. */
export interface LedgerRow {
  studentId: string;
  /** Null on the school-age ledger for a child without a case on the day. */
  caseId: string | null;
  fullName: string;
  sex: Sex;
  birthDate: string;
  /** `370829********123X`. */
  idNumberMasked: string | null;
  /** 学籍号, masked like an ID number unless it is a J-number. */
  studentNumberMasked: string | null;
  schoolName: string | null;
  grade: number | null;
  className: string | null;
  /** 户籍 address, down to the village. */
  hukouAddressMasked: string | null;
  currentAddressMasked: string | null;
  guardians: LedgerGuardian[];
  /** The school-age ledger only. */
  schoolingStatus: SchoolingStatus | null;
  /** YYYY-MM: the month the case was opened. */
  dropoutMonth: string | null;
  reason: CaseReason | null;
  /** 去向. */
  whereabouts: string | null;
  responsibles: LedgerResponsible[];
  persuasionCount: number;
  lastPersuasionDate: string | null;
  lastPersuasionBy: string | null;
  /** The case state on the day. */
  caseState: CaseState | null;
  /** 复学 / 安置 / 核查排除 with its kind, in Chinese; null while unresolved. */
  resolution: string | null;
  /** YYYY-MM-DD, when closed on or before the day. */
  closedOn: string | null;
}

export interface LedgerPage extends Page<LedgerRow> {
  kind: LedgerKind;
  node: { ref: NodeRef; name: string };
  /** The day the ledger is as of. */
  date: string;
}

/**
 * `GET /api/ledgers/:kind/export.xlsx?node=&date=&reveal=&reason=`: synchronous up to
 * `LEDGER_SYNC_EXPORT_LIMIT` rows (else 409: use the job). `reveal=true` needs
 * `personal_data.reveal` and a `reason` (4–200 characters); it is audited.
 */
export const LEDGER_SYNC_EXPORT_LIMIT = 5000;

/** `POST /api/ledgers/exports` → 202 `{ id }`. */
export interface CreateLedgerExportRequest {
  kind: LedgerKind;
  node?: NodeRef;
  date?: string;
  reveal?: boolean;
  reason?: string;
}

export interface CreatedLedgerExport {
  id: string;
}

export const LEDGER_EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type LedgerExportStatus = (typeof LEDGER_EXPORT_STATUSES)[number];

/** `GET /api/ledgers/exports/:id` (only the user who asked; others get 404). */
export interface LedgerExportView {
  id: string;
  kind: LedgerKind;
  node: { ref: NodeRef; name: string };
  date: string;
  revealed: boolean;
  status: LedgerExportStatus;
  /** 0–100. */
  progress: number;
  /** Rows written so far (the total once done). */
  rows: number;
  /** Set once done: download it from `GET /api/ledgers/exports/:id/file`. */
  fileName: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** When the file is deleted. */
  expiresAt: string;
}
