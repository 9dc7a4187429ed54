import { Scope } from '@baoxue/domain';
import { pathWithin, Predicate, scopeRowPredicate } from '../scope/scope-predicates';

/**
 * Rows located by a child's 户籍 path and school (cases, students): a region scope sees those
 * whose 户籍 village OR whose school lies in its subtree; a school scope only its school's.
 */
export function childScopePredicate(scope: Scope, alias: string): Predicate {
  if (scope.kind === 'school')
    return scopeRowPredicate(scope, { path: `${alias}.region_path`, schoolId: `${alias}.school_id` });
  const hukou = pathWithin(`${alias}.region_path`, scope.regionPath);
  const school = pathWithin(`${alias}.school_region_path`, scope.regionPath);
  return { sql: `(${hukou.sql} OR ${school.sql})`, params: { ...hukou.params, ...school.params } };
}
