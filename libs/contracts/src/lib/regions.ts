import type { RegionKind } from '@baoxue/domain';

export interface RegionRef {
  id: string;
  code: string;
  name: string;
  kind: RegionKind;
}

export interface RegionNode extends RegionRef {
  parentId: string | null;
  path: string;
  childCount: number;
}

export interface RegionChildrenQuery {
  parentId?: string;
}
