import { countyPathOf, Scope } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { invalid } from '../common/domain-error';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { Predicate, pathWithin, scopeRowPredicate } from '../scope/scope-predicates';
import { Case } from './case.entity';

/** Organisations within the caller's scope or anywhere in the county (or zone) of the child's 户籍. */
function inScopeOrCounty(scope: Scope, casePath: string): Predicate {
  const inScope = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
  const county = countyPathOf(casePath);
  const inCounty = county ? pathWithin('o.region_path', county) : { sql: 'false', params: {} };
  return { sql: `(${inScope.sql} OR ${inCounty.sql})`, params: { ...inScope.params, ...inCounty.params } };
}

async function organisationExists(
  manager: EntityManager,
  id: string,
  where: Predicate,
  schoolsOnly: boolean,
): Promise<boolean> {
  return manager
    .getRepository(Organisation)
    .createQueryBuilder('o')
    .where(`o.id = :id${schoolsOnly ? " AND o.type = 'school'" : ''}`, { id })
    .andWhere(where.sql, where.params)
    .getExists();
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
  if (!(await organisationExists(manager, schoolId, inScopeOrCounty(scope, casePath), true)))
    throw invalid(
      'returnSchoolId',
      'withinScope',
      "returnSchoolId must be a school within your scope or the child's county",
    );
}

/**
 * Who may be named responsible on a case (双线责任人): an organisation by the same rule as a
 * return school (a village names the town's school), and a user only if their own scope
 * covers the case — anyone else could neither see it nor find it in their "my cases".
 */
export async function assertResponsibleTargets(
  manager: EntityManager,
  scope: Scope,
  c: Pick<Case, 'regionPath' | 'schoolRegionPath' | 'schoolId'>,
  target: { userId?: string; organisationId?: string },
): Promise<void> {
  if (
    target.organisationId &&
    !(await organisationExists(manager, target.organisationId, inScopeOrCounty(scope, c.regionPath), false))
  )
    throw invalid(
      'organisationId',
      'withinScope',
      "organisationId must be an organisation within your scope or the child's county",
    );
  if (!target.userId) return;
  const seesCase = await manager
    .getRepository(User)
    .createQueryBuilder('u')
    .where('u.id = :id AND u.active', { id: target.userId })
    .andWhere(
      `(CASE WHEN u.scope_school_id IS NOT NULL THEN u.scope_school_id = :schoolId
         ELSE (:regionPath LIKE u.scope_path || '%' OR :schoolPath LIKE u.scope_path || '%') END)`,
      { schoolId: c.schoolId, regionPath: c.regionPath, schoolPath: c.schoolRegionPath ?? '' },
    )
    .getExists();
  if (!seesCase)
    throw invalid('userId', 'withinScope', 'userId must be an active user whose scope covers this case');
}
