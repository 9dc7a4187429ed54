import { REGISTER_KIND_FIELDS, RegisterField, RegisterKind } from './kinds';

/** Which file column (0-based) holds each field; null when the file has none. */
export type RegisterMapping = Partial<Record<RegisterField, number | null>>;

const normalise = (header: string) => header.replace(/[\s\u3000]/g, '').replace(/^\uFEFF/, '');

/**
 * The mapping a file's headers suggest: each field takes the first column whose header is
 * one of the field's known texts (exact, ignoring spaces), so a usual export maps itself.
 */
export function defaultRegisterMapping(kind: RegisterKind, headers: readonly string[]): RegisterMapping {
  const normalised = headers.map(normalise);
  const taken = new Set<number>();
  const mapping: RegisterMapping = {};
  for (const spec of REGISTER_KIND_FIELDS[kind]) {
    let column: number | null = null;
    for (const text of spec.headers) {
      const index = normalised.findIndex((h, i) => h === text && !taken.has(i));
      if (index >= 0) {
        column = index;
        break;
      }
    }
    if (column !== null) taken.add(column);
    mapping[spec.field] = column;
  }
  return mapping;
}

export interface RegisterMappingProblem {
  field: RegisterField;
  rule: 'missing_column' | 'unknown_column' | 'column_twice';
}

/** A mapping's problems against the file's column count: required fields unmapped, bad or shared columns. */
export function checkRegisterMapping(
  kind: RegisterKind,
  mapping: RegisterMapping,
  columnCount: number,
): RegisterMappingProblem[] {
  const problems: RegisterMappingProblem[] = [];
  const seen = new Map<number, RegisterField>();
  for (const spec of REGISTER_KIND_FIELDS[kind]) {
    const column = mapping[spec.field];
    if (column === undefined || column === null) {
      if (spec.required) problems.push({ field: spec.field, rule: 'missing_column' });
      continue;
    }
    if (!Number.isInteger(column) || column < 0 || column >= columnCount) {
      problems.push({ field: spec.field, rule: 'unknown_column' });
      continue;
    }
    if (seen.has(column)) problems.push({ field: spec.field, rule: 'column_twice' });
    else seen.set(column, spec.field);
  }
  return problems;
}
