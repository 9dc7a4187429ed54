import { codesOfPath, regionPath, Scope } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { invalid } from '../common/domain-error';
import { Organisation } from '../organisations/organisation.entity';
import { pathWithin, scopeRowPredicate } from '../scope/scope-predicates';

/** The county-level part (county or management zone) of a region path, or null above it. */
export function countyPath(path: string): string | null {
  const codes = codesOfPath(path);
  return codes.length >= 3 ? regionPath(codes.slice(0, 3)) : null;
}

/**
 * A return school: a school within the caller's scope, or any school in the county (or
 * management zone) of the child's 户籍 — a village official records a return to the town's
 * junior school, which lies outside the village. Otherwise 400 naming returnSchoolId.
 */
export async function assertReturnSchool(
  manager: EntityManager,
  scope: Scope,
  casePath: string,
  schoolId: string,
): Promise<void> {
  const inScope = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
  const county = countyPath(casePath);
  const inCounty = county ? pathWithin('o.region_path', county) : { sql: 'false', params: {} };
  const found = await manager
    .getRepository(Organisation)
    .createQueryBuilder('o')
    .where("o.id = :schoolId AND o.type = 'school'", { schoolId })
    .andWhere(`(${inScope.sql} OR ${inCounty.sql})`, { ...inScope.params, ...inCounty.params })
    .getExists();
  if (!found)
    throw invalid(
      'returnSchoolId',
      'withinScope',
      "returnSchoolId must be a school within your scope or the child's county",
    );
}
