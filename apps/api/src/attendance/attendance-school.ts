import { Scope } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { invalid, outOfScope } from '../common/domain-error';
import { scopeRowPredicate } from '../scope/scope-predicates';

export interface AttendanceSchool {
  id: string;
  name: string;
  regionPath: string;
}

/** The school asked for, or school staff's own when none is named. */
export function schoolIdFor(scope: Scope, schoolId: string | undefined): string {
  if (schoolId) return schoolId;
  if (scope.kind === 'school') return scope.schoolId;
  throw invalid('schoolId', 'isNotEmpty', 'schoolId is required');
}

/** A school within the caller's scope, or 404 exactly like a missing one. */
export async function attendanceSchool(
  manager: EntityManager,
  scope: Scope,
  schoolId: string,
): Promise<AttendanceSchool> {
  const within = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
  const school = await manager
    .createQueryBuilder()
    .select(['o.id AS id', 'o.name AS name', 'o.region_path AS "regionPath"'])
    .from('organisations', 'o')
    .where("o.id = :schoolId AND o.type = 'school'", { schoolId })
    .andWhere(within.sql, within.params)
    .getRawOne<AttendanceSchool>();
  if (!school) throw outOfScope('school');
  return school;
}
