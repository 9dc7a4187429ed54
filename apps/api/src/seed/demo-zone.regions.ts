import { EntityManager } from 'typeorm';
import { DEMO_TOWN_CODES, DEMO_ZONE, villageShortName } from './demo-zone.data';

export interface RegionRow {
  id: string;
  code: string;
  name: string;
  path: string;
}

export interface VillageRow extends RegionRow {
  townCode: string;
  /** `进士张` for `进士张村委会`. */
  shortName: string;
}

/** The demo zone's regions as the region import left them. */
export interface ZoneRegions {
  zone: RegionRow;
  towns: Map<string, RegionRow>;
  /** Villages of each town, ordered by code so generation is deterministic. */
  villagesByTown: Map<string, VillageRow[]>;
}

export async function zoneExists(manager: EntityManager): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM regions WHERE code = $1', [DEMO_ZONE.code]);
  return rows.length > 0;
}

export async function loadZoneRegions(manager: EntityManager): Promise<ZoneRegions> {
  const [zone]: RegionRow[] = await manager.query(
    `SELECT id, code, name, path FROM regions WHERE code = $1 AND kind = 'zone'`,
    [DEMO_ZONE.code],
  );
  if (!zone) throw new Error(`the demo zone ${DEMO_ZONE.code} is missing after the region import`);
  const towns: RegionRow[] = await manager.query(
    `SELECT id, code, name, path FROM regions WHERE code = ANY($1) AND path LIKE $2 ORDER BY code`,
    [DEMO_TOWN_CODES, `${zone.path}%`],
  );
  const villages: (RegionRow & { town_code: string })[] = await manager.query(
    `SELECT v.id, v.code, v.name, v.path, t.code AS town_code
       FROM regions v JOIN regions t ON t.id = v.parent_id
      WHERE t.code = ANY($1) AND v.kind = 'village'
      ORDER BY v.code`,
    [DEMO_TOWN_CODES],
  );
  const villagesByTown = new Map<string, VillageRow[]>(DEMO_TOWN_CODES.map((code) => [code, []]));
  for (const { town_code, ...village } of villages) {
    villagesByTown
      .get(town_code)
      ?.push({ ...village, townCode: town_code, shortName: villageShortName(village.name) });
  }
  for (const code of DEMO_TOWN_CODES) {
    if (!towns.some((town) => town.code === code) || villagesByTown.get(code)?.length === 0) {
      throw new Error(`the demo zone lacks town ${code} or its villages`);
    }
  }
  return { zone, towns: new Map(towns.map((town) => [town.code, town])), villagesByTown };
}

/** A village of a town by its short name (`进士张`), tolerating longer official names. */
export function findVillage(
  regions: ZoneRegions,
  townCode: string,
  shortName: string,
): VillageRow | undefined {
  const villages = regions.villagesByTown.get(townCode) ?? [];
  return (
    villages.find((village) => village.shortName === shortName) ??
    villages.find((village) => village.name.includes(shortName))
  );
}

export function town(regions: ZoneRegions, code: string): RegionRow {
  const found = regions.towns.get(code);
  if (!found) throw new Error(`the demo zone lacks town ${code}`);
  return found;
}
