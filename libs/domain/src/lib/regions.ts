import { LabelTable } from './labels';

/**
 * Region kinds. The five statistical levels, plus `zone`: a management zone (功能区,
 * e.g. 经开区) that administers towns coded under another county. A zone sits where a
 * county would, so the towns it administers are in its subtree, not their code county's.
 */
export const REGION_KINDS = ['province', 'city', 'county', 'zone', 'town', 'village'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

export const REGION_KIND_LABELS: LabelTable<RegionKind> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '县(区)', en: 'County' },
  zone: { zh: '功能区', en: 'Management zone' },
  town: { zh: '乡镇(街道)', en: 'Town' },
  village: { zh: '村(社区)', en: 'Village' },
};

/** Length of a statistical code at each level: 37 · 3708 · 370829 · 370829104 · 370829104001. */
const CODE_LENGTH: Readonly<Record<Exclude<RegionKind, 'zone'>, number>> = {
  province: 2,
  city: 4,
  county: 6,
  town: 9,
  village: 12,
};

/** Kind of a statistical region code, by its length; null if it is not one. */
export function kindOfStatisticalCode(code: string): Exclude<RegionKind, 'zone'> | null {
  if (!/^\d+$/.test(code)) return null;
  for (const [kind, length] of Object.entries(CODE_LENGTH)) {
    if (code.length === length) return kind as Exclude<RegionKind, 'zone'>;
  }
  return null;
}

/** The statistical parent code (village → town → county → city → province). */
export function statisticalParentCode(code: string): string | null {
  switch (code.length) {
    case 12:
      return code.slice(0, 9);
    case 9:
      return code.slice(0, 6);
    case 6:
      return code.slice(0, 4);
    case 4:
      return code.slice(0, 2);
    default:
      return null;
  }
}

/** Depth in the management tree: province 1 … village 5; a zone sits where a county would. */
const REGION_DEPTH: Readonly<Record<RegionKind, number>> = {
  province: 1,
  city: 2,
  county: 3,
  zone: 3,
  town: 4,
  village: 5,
};

export function regionDepth(kind: RegionKind): number {
  return REGION_DEPTH[kind];
}

/** Expands a short statistical code to the 12-digit form (370829 → 370829000000). */
export function toTwelveDigitCode(code: string): string {
  return code.padEnd(12, '0');
}

/**
 * Management codes of zones are not statistical codes: `Z` plus digits, so they can
 * never collide with one.
 */
export function isZoneCode(code: string): boolean {
  return /^Z\d{4,11}$/.test(code);
}

/**
 * Region paths: the management chain of codes, `/37/3708/370829/370829104/`. A row's
 * path lets a scope check be one indexed prefix predicate; a zone town's path runs
 * through its zone.
 */
export function regionPath(codes: readonly string[]): string {
  return `/${codes.join('/')}/`;
}

export function isWithinPath(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

export function codesOfPath(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}

/**
 * The county-level part of a region path (`/37/3708/370829/370829104/` → `/37/3708/370829/`;
 * a zone's towns give the zone), or null above county level.
 */
export function countyPathOf(path: string): string | null {
  const codes = codesOfPath(path);
  const depth = regionDepth('county');
  return codes.length < depth ? null : regionPath(codes.slice(0, depth));
}
