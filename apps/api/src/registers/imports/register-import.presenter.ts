import type {
  RegisterEncoding,
  RegisterFileFormat,
  RegisterImportDetail,
  RegisterImportProblem,
  RegisterImportStatus,
  RegisterImportSummary,
} from '@baoxue/contracts';
import type { RegisterKind, RegisterMapping, RegisterRule } from '@baoxue/domain';

/** One register_imports row with its region's and creator's names (IMPORT_SELECT). */
export interface RegisterImportRow {
  id: string;
  kind: RegisterKind;
  status: RegisterImportStatus;
  region_id: string;
  region_path: string;
  region_name: string;
  file_name: string;
  file_size: string;
  format: RegisterFileFormat | null;
  encoding: RegisterEncoding | null;
  headers: string[];
  sample: string[][];
  mapping: RegisterMapping;
  file_problems: RegisterImportProblem[];
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  imported_rows: number;
  failure: string | null;
  created_by_user_id: string;
  created_by_name: string;
  created_at: Date;
  validated_at: Date | null;
  committed_at: Date | null;
  version: number;
}

/** The import with what a view of it names; callers add WHERE … (alias i). */
export const IMPORT_SELECT = `SELECT i.id, i.kind, i.status, i.region_id, i.region_path, r.name AS region_name,
    i.file_name, i.file_size, i.format, i.encoding, i.headers, i.sample, i.mapping, i.file_problems,
    i.total_rows, i.valid_rows, i.invalid_rows, i.imported_rows, i.failure, i.created_by_user_id,
    u.display_name AS created_by_name, i.created_at, i.validated_at, i.committed_at, i.version
  FROM register_imports i
  JOIN regions r ON r.id = i.region_id
  JOIN users u ON u.id = i.created_by_user_id`;

export function toRegisterImportSummary(row: RegisterImportRow): RegisterImportSummary {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    fileName: row.file_name,
    fileSize: Number(row.file_size),
    format: row.format,
    encoding: row.encoding,
    region: { id: row.region_id, name: row.region_name, path: row.region_path },
    counts: {
      rows: row.total_rows,
      valid: row.valid_rows,
      invalid: row.invalid_rows,
      imported: row.imported_rows,
    },
    createdBy: { id: row.created_by_user_id, name: row.created_by_name },
    createdAt: row.created_at.toISOString(),
    validatedAt: row.validated_at?.toISOString() ?? null,
    committedAt: row.committed_at?.toISOString() ?? null,
    failure: row.failure,
    version: row.version,
  };
}

export function toRegisterImportDetail(
  row: RegisterImportRow,
  problemsByRule: Partial<Record<RegisterRule, number>>,
): RegisterImportDetail {
  return {
    ...toRegisterImportSummary(row),
    headers: row.headers,
    sample: row.sample,
    mapping: row.mapping,
    fileProblems: row.file_problems,
    problemsByRule,
  };
}
