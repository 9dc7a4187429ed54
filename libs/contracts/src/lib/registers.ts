import type {
  FindingCategory,
  FindingMatch,
  FindingStatus,
  RegisterField,
  RegisterKind,
  RegisterMapping,
  RegisterRule,
  Sex,
} from '@baoxue/domain';

/**
 * An import's course: uploaded (file stored, headers read) → validating → validated (the
 * dry run's report is ready) or rejected (the file itself is unusable) → importing →
 * committed (its rows are the register's current snapshot) or failed; a newer committed
 * import of the same kind and region supersedes it; discarded when the user drops it.
 */
export const REGISTER_IMPORT_STATUSES = [
  'uploaded',
  'validating',
  'validated',
  'rejected',
  'importing',
  'committed',
  'failed',
  'superseded',
  'discarded',
] as const;
export type RegisterImportStatus = (typeof REGISTER_IMPORT_STATUSES)[number];

export type RegisterFileFormat = 'csv' | 'xlsx';
export type RegisterEncoding = 'utf-8' | 'gb18030';

/** A problem with the whole file (row null) or one row's field, with the value as read (ID numbers masked). */
export interface RegisterImportProblem {
  /** The file's row, counting the header as row 1; null for a problem of the whole file. */
  row: number | null;
  field: RegisterField | null;
  /** The column header the field was read from, when there is one. */
  column: string | null;
  rule: RegisterRule;
  /** `warning`: the row is imported without this value (a malformed ID number); `error`: the row is not imported. */
  severity: 'error' | 'warning';
  message: string;
  value: string | null;
}

export interface RegisterImportCounts {
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows that will be (or were) imported, warnings included. */
  valid: number;
  /** Rows with at least one error: not imported. */
  invalid: number;
  /** Rows written so far by the real run (the progress bar). */
  imported: number;
}

export interface RegisterImportSummary {
  id: string;
  kind: RegisterKind;
  status: RegisterImportStatus;
  fileName: string;
  fileSize: number;
  format: RegisterFileFormat | null;
  encoding: RegisterEncoding | null;
  region: { id: string; name: string; path: string };
  counts: RegisterImportCounts;
  createdBy: { id: string; name: string };
  createdAt: string;
  validatedAt: string | null;
  committedAt: string | null;
  /** Why the file was rejected or the run failed. */
  failure: string | null;
  version: number;
}

export interface RegisterImportDetail extends RegisterImportSummary {
  headers: string[];
  /** The first rows as read, ID numbers masked, for the mapping preview. */
  sample: string[][];
  mapping: RegisterMapping;
  /** Problems of the whole file (missing column, encoding, …). */
  fileProblems: RegisterImportProblem[];
  /** Rows with problems, by rule, for the report's summary. */
  problemsByRule: Partial<Record<RegisterRule, number>>;
}

/** PUT /api/registers/imports/:id/mapping */
export interface UpdateRegisterMappingRequest {
  mapping: RegisterMapping;
  version: number;
}

/** POST /api/registers/imports/:id/dry-run and …/commit */
export interface RegisterImportActionRequest {
  version: number;
}

/** POST /api/registers/comparisons */
export interface StartComparisonRequest {
  /** The region compared (defaults to the caller's scope). */
  regionId?: string;
  /** YYYY-MM-DD; defaults to today in China. */
  asOf?: string;
  /** School age in whole years at asOf, inclusive (defaults 6–15). */
  ageFrom?: number;
  ageTo?: number;
}

export type ComparisonRunStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ComparisonCategoryCounts {
  never_enrolled: number;
  dropout: number;
  priority: number;
}

export interface ComparisonRegionCounts {
  regionId: string;
  name: string;
  path: string;
  counts: ComparisonCategoryCounts;
}

export interface ComparisonRunSummary {
  id: string;
  status: ComparisonRunStatus;
  region: { id: string; name: string; path: string };
  asOf: string;
  ageFrom: number;
  ageTo: number;
  counts: ComparisonCategoryCounts;
  /** Findings per status, over every category. */
  statusCounts: Partial<Record<FindingStatus, number>>;
  createdBy: { id: string; name: string };
  createdAt: string;
  finishedAt: string | null;
  failure: string | null;
}

export interface ComparisonRunDetail extends ComparisonRunSummary {
  /** The registers the run read: each kind's current import at the time. */
  imports: { id: string; kind: RegisterKind; fileName: string; committedAt: string; rows: number }[];
  /** Counts by category for each region one level below the run's region. */
  byRegion: ComparisonRegionCounts[];
}

export interface ComparisonFindingView {
  id: string;
  category: FindingCategory;
  status: FindingStatus;
  match: FindingMatch;
  fullName: string;
  sex: Sex | null;
  birthDate: string | null;
  idNumberMasked: string | null;
  village: { id: string; name: string; path: string } | null;
  school: { id: string; name: string } | null;
  /** Plain-Chinese reasons, e.g. 户籍在本县，无学籍记录；防止返贫监测对象. */
  reasons: string[];
  studentId: string | null;
  /** For a candidate: the enrolled child it may be. */
  candidate: { studentId: string; fullName: string; schoolName: string | null } | null;
  caseId: string | null;
  version: number;
}

export interface ComparisonFindingQuery {
  category?: FindingCategory;
  status?: FindingStatus;
  page?: number;
  pageSize?: number;
}

/** POST /api/registers/comparisons/:id/route: open suspected cases for these findings (or every `new` one). */
export interface RouteFindingsRequest {
  findingIds?: string[];
  all?: boolean;
}

export interface RouteFindingsResult {
  raised: number;
  /** Already covered by an open case when routed. */
  covered: number;
  caseIds: string[];
}

/** POST /api/registers/findings/:id/confirm: a person's decision on a candidate match. */
export interface ConfirmFindingRequest {
  decision: 'same' | 'different' | 'dismiss';
  version: number;
}
