import { DEPARTMENT_KINDS, DepartmentKind, OrganisationType } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import {
  BUREAU_NAME,
  DEMO_DEPARTMENTS,
  DEMO_SCHOOLS,
  DEMO_TOWN_CODES,
  DemoPlace,
  DemoSchool,
  villageAddressName,
  villageCommitteeName,
  ZONE_GOVERNMENT_NAME,
} from './demo-zone.data';
import { findVillage, RegionRow, town, ZoneRegions } from './demo-zone.regions';
import { OrganisationRow } from './demo-seed.writes';

const ZONE_ADDRESS = '山东省济宁市济宁经济技术开发区';

/** Where a school stands: its village, or its town when it has none or the village is not found. */
export function schoolRegion(regions: ZoneRegions, school: DemoSchool): RegionRow {
  return (school.village && findVillage(regions, school.town, school.village)) || town(regions, school.town);
}

/** Every organisation of the demo zone, in a fixed order. */
export function demoOrganisationRows(regions: ZoneRegions, phone: () => string): OrganisationRow[] {
  const { zone } = regions;
  const at = (region: RegionRow, name: string, type: OrganisationType): OrganisationRow => ({
    name,
    type,
    regionId: region.id,
    regionPath: region.path,
    departmentKind: null,
    schoolCode: null,
    schoolLevel: null,
    schoolDistrict: null,
    address: null,
    phone: null,
  });
  const rows = [
    at(zone, BUREAU_NAME, 'education_bureau'),
    at(zone, ZONE_GOVERNMENT_NAME, 'county_government'),
    ...DEPARTMENT_KINDS.map((kind) => ({
      ...at(zone, DEMO_DEPARTMENTS[kind], 'department'),
      departmentKind: kind,
    })),
  ];
  for (const code of DEMO_TOWN_CODES) {
    const townRow = town(regions, code);
    rows.push(at(townRow, `${townRow.name}人民政府`, 'town_government'));
    for (const village of regions.villagesByTown.get(code) ?? []) {
      rows.push(at(village, villageCommitteeName(village.name), 'village_committee'));
    }
  }
  for (const school of DEMO_SCHOOLS) {
    const region = schoolRegion(regions, school);
    const townName = town(regions, school.town).name;
    rows.push({
      ...at(region, school.name, 'school'),
      schoolCode: school.code,
      schoolLevel: school.level,
      schoolDistrict: school.district,
      address: ZONE_ADDRESS + townName + (school.village ? villageAddressName(school.village) : ''),
      phone: phone(),
    });
  }
  return rows;
}

export interface OrganisationRef {
  id: string;
  name: string;
  type: OrganisationType;
  regionId: string;
  regionPath: string;
  schoolCode: string | null;
  departmentKind: DepartmentKind | null;
}

/** The zone's organisations as stored, to resolve demo places to ids. */
export class ZoneOrganisations {
  private constructor(
    private readonly regions: ZoneRegions,
    private readonly all: OrganisationRef[],
  ) {}

  static async load(manager: EntityManager, regions: ZoneRegions): Promise<ZoneOrganisations> {
    const rows: OrganisationRef[] = await manager.query(
      `SELECT id, name, type, region_id AS "regionId", region_path AS "regionPath",
              trim(school_code) AS "schoolCode", department_kind AS "departmentKind"
         FROM organisations WHERE region_path LIKE $1 ORDER BY created_at, id`,
      [`${regions.zone.path}%`],
    );
    return new ZoneOrganisations(regions, rows);
  }

  school(code: string): OrganisationRef {
    return this.find((o) => o.type === 'school' && o.schoolCode === code, `school ${code}`);
  }

  /** The organisation a demo user belongs to at `place`. */
  organisationAt(place: DemoPlace): OrganisationRef {
    switch (place.kind) {
      case 'bureau':
        return this.find((o) => o.type === 'education_bureau' && o.name === BUREAU_NAME, BUREAU_NAME);
      case 'zone':
        return this.find((o) => o.type === 'county_government' && o.name === ZONE_GOVERNMENT_NAME, 'zone');
      case 'town': {
        const townId = town(this.regions, place.town).id;
        return this.find((o) => o.type === 'town_government' && o.regionId === townId, `town ${place.town}`);
      }
      case 'department':
        return this.find((o) => o.departmentKind === place.department, place.department);
      case 'village': {
        const villageId = this.village(place.town, place.village).id;
        return this.find((o) => o.type === 'village_committee' && o.regionId === villageId, place.village);
      }
      case 'school':
        return this.school(place.code);
    }
  }

  /** The region a demo user's scope covers; null for a school scope. */
  regionAt(place: DemoPlace): RegionRow | null {
    switch (place.kind) {
      case 'bureau':
      case 'zone':
      case 'department':
        return this.regions.zone;
      case 'town':
        return town(this.regions, place.town);
      case 'village':
        return this.village(place.town, place.village);
      case 'school':
        return null;
    }
  }

  private village(townCode: string, shortName: string): RegionRow {
    const village = findVillage(this.regions, townCode, shortName);
    if (!village) throw new Error(`the demo zone has no village ${shortName} in town ${townCode}`);
    return village;
  }

  private find(predicate: (o: OrganisationRef) => boolean, what: string): OrganisationRef {
    const found = this.all.find(predicate);
    if (!found) throw new Error(`the demo zone has no organisation for ${what}`);
    return found;
  }
}
