import type { DashboardNode, NodeRef } from '@baoxue/contracts';
import { Label, REGION_KIND_LABELS } from '@baoxue/domain';

/** What kind of node a drill-down page shows: the region kinds, and schools. */
export const NODE_KIND_LABELS: Readonly<Record<DashboardNode['kind'], Label>> = {
  ...REGION_KIND_LABELS,
  school: { zh: '学校', en: 'School' },
};

/** One step of the breadcrumb; `name` is null for a parent known only by its reference. */
export interface Crumb {
  ref: NodeRef;
  name: string | null;
}

/**
 * The breadcrumb after arriving at `node`: going back up cuts the trail there, drilling one
 * level down extends it, and any other arrival (a reload, a link) starts again from the
 * node's parent, named once the user goes up to it.
 */
export function nextTrail(trail: readonly Crumb[], node: DashboardNode): Crumb[] {
  const here: Crumb = { ref: node.ref, name: node.name };
  const at = trail.findIndex((crumb) => crumb.ref === node.ref);
  if (at >= 0) return [...trail.slice(0, at), here];
  if (node.parentRef === null) return [here];
  if (trail.length > 0 && trail[trail.length - 1].ref === node.parentRef) return [...trail, here];
  return [{ ref: node.parentRef, name: null }, here];
}
