import type { DashboardNode } from '@baoxue/contracts';

/** Test nodes of the drill-down pages (dashboard, attendance summary): a zone and two of its towns. */
export const ZONE = 'region:00000000-0000-4000-8000-00000000000a';
export const TOWN = 'region:00000000-0000-4000-8000-00000000000b';
export const OTHER_TOWN = 'region:00000000-0000-4000-8000-00000000000c';

export function aNode(
  ref: string,
  name: string,
  parentRef: string | null,
  kind: DashboardNode['kind'] = 'town',
): DashboardNode {
  return { ref, kind, name, path: '/p/', parentRef };
}
