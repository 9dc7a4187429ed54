import { RegionKind, SchoolLevel } from '@baoxue/domain';

/**
 * A dashboard node the caller may see: a region (figures count cases by the child's
 * `region_path` within `path`) or a school (cases by `school_id = id`).
 */
export interface ResolvedNode {
  /** `region:<id>` or `school:<id>`. */
  ref: string;
  kind: RegionKind | 'school';
  id: string;
  name: string;
  /** The region's path; a school's region path. */
  path: string;
  /** The node above within the caller's scope; null at the scope's root. */
  parentRef: string | null;
  /** Schools only. */
  schoolLevel: SchoolLevel | null;
}
