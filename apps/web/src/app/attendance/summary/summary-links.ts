import type { NodeRef } from '@baoxue/contracts';

/** Regions and schools can be opened; the classes under a school are the last level. */
export function canDrillInto(ref: NodeRef): boolean {
  return /^(region|school):./.test(ref);
}

/** The summary's own query for a node and day (the scope's root and today need neither). */
export function summaryQuery(node: NodeRef | null, date: string | null): Record<string, string | null> {
  return { node: node ?? null, date: date ?? null };
}
