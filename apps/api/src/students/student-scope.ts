import { Scope } from '@baoxue/domain';
import { pathWithin, Predicate, scopeRowPredicate } from '../scope/scope-predicates';

/**
 * Which children a scope sees: a region scope those whose 户籍 village OR whose school
 * lies in its subtree; a school scope its school's children.
 */
export function studentScopePredicate(scope: Scope, alias: string): Predicate {
  if (scope.kind === 'school')
    return scopeRowPredicate(scope, { path: `${alias}.region_path`, schoolId: `${alias}.school_id` });
  const hukou = pathWithin(`${alias}.region_path`, scope.regionPath);
  const school = pathWithin(`${alias}.school_region_path`, scope.regionPath);
  return { sql: `(${hukou.sql} OR ${school.sql})`, params: { ...hukou.params, ...school.params } };
}
