import { Scope } from '@baoxue/domain';

export interface Predicate {
  sql: string;
  params: Record<string, unknown>;
}

let counter = 0;
/** Parameter names unique per predicate, so several can sit in one query. */
function param(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}_${counter}`;
}

/** Paths hold digits, letters and '/', so a prefix needs no LIKE escaping; still, refuse anything else. */
function likePrefix(path: string): string {
  if (!/^[/A-Za-z0-9]+$/.test(path)) throw new Error('invalid region path');
  return `${path}%`;
}

/**
 * `<pathColumn> LIKE '/37/3708/%'`: a region-path column within the scope's subtree. The
 * path columns use the C collation, so this is a btree index range scan.
 */
export function pathWithin(pathColumn: string, scopePath: string): Predicate {
  const name = param('scope_path');
  return {
    sql: `${pathColumn} LIKE :${name}`,
    params: { [name]: likePrefix(scopePath) },
  };
}

/**
 * Which regions a scope may see: a region scope sees its subtree; a school scope sees
 * only the region its school stands in (enough to show where it is, nothing below).
 */
export function scopeRegionPredicate(scope: Scope, pathColumn: string): Predicate {
  if (scope.kind === 'region') return pathWithin(pathColumn, scope.regionPath);
  const name = param('school_region_path');
  return {
    sql: `${pathColumn} = :${name}`,
    params: { [name]: scope.regionPath },
  };
}

/**
 * Rows that belong to a place and possibly a school (organisations, users, students):
 * a region scope sees those whose path is in its subtree; a school scope only its school.
 */
export function scopeRowPredicate(scope: Scope, columns: { path: string; schoolId: string }): Predicate {
  if (scope.kind === 'region') return pathWithin(columns.path, scope.regionPath);
  const name = param('scope_school');
  return {
    sql: `${columns.schoolId} = :${name}`,
    params: { [name]: scope.schoolId },
  };
}

/**
 * Rows located by a child's 户籍 path and school (students, cases): a region scope sees those
 * whose 户籍 village OR whose school lies in its subtree; a school scope only its school's.
 * Expects `<alias>.region_path`, `<alias>.school_region_path` and `<alias>.school_id`.
 */
export function childScopePredicate(scope: Scope, alias: string): Predicate {
  if (scope.kind === 'school') {
    return scopeRowPredicate(scope, { path: `${alias}.region_path`, schoolId: `${alias}.school_id` });
  }
  const hukou = pathWithin(`${alias}.region_path`, scope.regionPath);
  const school = pathWithin(`${alias}.school_region_path`, scope.regionPath);
  return { sql: `(${hukou.sql} OR ${school.sql})`, params: { ...hukou.params, ...school.params } };
}
