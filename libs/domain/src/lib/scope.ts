import { isWithinPath } from './regions';

/**
 * A user's scope (数据范围): a region subtree, or one school. Every read and write is
 * limited to it, inside the query.
 */
export type Scope =
  | { kind: 'region'; regionId: string; regionPath: string }
  | { kind: 'school'; schoolId: string; regionPath: string };

/** Whether something located at `path` (and, for schools, belonging to `schoolId`) is in scope. */
export function scopeCovers(scope: Scope, target: { path: string; schoolId?: string | null }): boolean {
  if (scope.kind === 'school') return target.schoolId === scope.schoolId;
  return isWithinPath(target.path, scope.regionPath);
}
