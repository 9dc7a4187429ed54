import type { RegisterImportProblem } from '@baoxue/contracts';
import {
  isRegisterWarning,
  maskIdNumber,
  REGISTER_RULE_LABELS,
  RegisterField,
  RegisterMapping,
  RegisterMappingProblem,
  RegisterRule,
} from '@baoxue/domain';
import type { RegisterFileProblem } from '../files/register-source';

/** The staging table of one import (UNLOGGED, dropped when the import ends). */
export function stagingTable(importId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) throw new Error('invalid import id');
  return `register_staging_${importId.replace(/-/g, '').toLowerCase()}`;
}

/** The pending table of one import: its rows checked and derived (UNLOGGED, dropped when the import ends). */
export function pendingTable(importId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) throw new Error('invalid import id');
  return `register_pending_${importId.replace(/-/g, '').toLowerCase()}`;
}

/** The encrypted ID blocks of an import's pending rows (UNLOGGED, dropped with the pending table). */
export function pendingIdsTable(importId: string): string {
  return `${pendingTable(importId)}_ids`;
}

const ID_LIKE = /^(\d{15}|\d{17}[\dXx])$/;

/** A value that may be an ID number (15 or 18 characters) leaves the server masked. */
export function maskIdLike(value: string): string {
  const trimmed = value.trim();
  return ID_LIKE.test(trimmed) ? maskIdNumber(trimmed) : value;
}

export function maskSample(sample: string[][]): string[][] {
  return sample.map((row) => row.map(maskIdLike));
}

const message = (rule: RegisterRule) => REGISTER_RULE_LABELS[rule].zh;

/** A problem of the whole file (or of one row that stops it, e.g. a ragged row). */
export function fileProblem(problem: RegisterFileProblem): RegisterImportProblem {
  return {
    row: problem.row ?? null,
    field: null,
    column: null,
    rule: problem.rule,
    severity: 'error',
    message: problem.message || message(problem.rule),
    value: null,
  };
}

/** The mapping's problems as the import's file problems (a required column missing …). */
export function mappingProblems(
  problems: RegisterMappingProblem[],
  mapping: RegisterMapping,
  headers: readonly string[],
): RegisterImportProblem[] {
  return problems.map((p) => ({
    row: null,
    field: p.field,
    column: columnOf(p.field, mapping, headers),
    rule: p.rule,
    severity: 'error',
    message: message(p.rule),
    value: null,
  }));
}

export function columnOf(
  field: RegisterField | null,
  mapping: RegisterMapping,
  headers: readonly string[],
): string | null {
  if (!field) return null;
  const index = mapping[field];
  return typeof index === 'number' ? (headers[index] ?? null) : null;
}

/** A stored row problem (register_import_errors: values already masked) as the API shows it. */
export function rowProblem(
  row: { row_number: number; field: string; rule: string; value: string | null },
  mapping: RegisterMapping,
  headers: readonly string[],
): RegisterImportProblem {
  const rule = row.rule as RegisterRule;
  const field = row.field as RegisterField;
  return {
    row: row.row_number,
    field,
    column: columnOf(field, mapping, headers),
    rule,
    severity: isRegisterWarning(rule) ? 'warning' : 'error',
    message: REGISTER_RULE_LABELS[rule]?.zh ?? rule,
    value: row.value === null ? null : maskIdLike(row.value),
  };
}
