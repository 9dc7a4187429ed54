import { ageOn, idNumberBirthDate, idNumberSex, isValidIdNumber } from '@baoxue/domain';
import { createTestApp, TestApp } from '../../test/test-app';
import { IdNumberCipher } from '../students/id-number-cipher';
import { DemoSeedResult, DemoSeedService } from './demo-seed.service';

const ZONE_PATH = '/37/3708/Z370800001/';
const TUANLI_PATH = `${ZONE_PATH}370829104/`;

describe('demo seed on an empty database', () => {
  let t: TestApp;
  let first: DemoSeedResult;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    t.dataSource.query(sql, params);

  const tableCounts = async () =>
    (
      await query(
        `SELECT (SELECT count(*)::int FROM regions) AS regions,
                (SELECT count(*)::int FROM organisations) AS organisations,
                (SELECT count(*)::int FROM users) AS users,
                (SELECT count(*)::int FROM students) AS students,
                (SELECT count(*)::int FROM guardians) AS guardians,
                (SELECT count(*)::int FROM student_flags) AS flags`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp({ template: 'empty' });
    first = await t.app.get(DemoSeedService).seed();
  }, 180_000);
  afterAll(() => t.close());

  it('creates the zone’s 33 schools, 20,231 students and 9 demo users', async () => {
    expect(first).toMatchObject({ schools: 33, students: 20_231, users: 9 });
    expect(first.seconds).toBeGreaterThan(0);
    const levels = await query<{ level: string; count: number }>(
      `SELECT school_level AS level, count(*)::int AS count FROM organisations
        WHERE type = 'school' GROUP BY 1`,
    );
    expect(Object.fromEntries(levels.map((l) => [l.level, l.count]))).toEqual({
      primary: 26,
      junior_secondary: 5,
      nine_year: 2,
    });
    const districts = await query<{ district: string }>(
      `SELECT DISTINCT school_district AS district FROM organisations WHERE type = 'school' AND region_path LIKE $1`,
      [`${TUANLI_PATH}%`],
    );
    expect(districts.map((d) => d.district).sort()).toEqual(['后张学区', '明德学区', '进士张学区'].sort());
  });

  it('has the zone’s governments, bureau, departments and a committee per village', async () => {
    const types = await query<{ type: string; count: number }>(
      `SELECT type, count(*)::int AS count FROM organisations WHERE region_path LIKE $1 GROUP BY 1 ORDER BY 1`,
      [`${ZONE_PATH}%`],
    );
    expect(Object.fromEntries(types.map((r) => [r.type, r.count]))).toEqual({
      education_bureau: 1,
      county_government: 1,
      town_government: 2,
      village_committee: 60,
      department: 7,
      school: 33,
    });
  });

  it('gives the demo users their roles, organisations and scopes', async () => {
    const users = await query<{
      username: string;
      role: string;
      organisation: string;
      scope_region: string | null;
      scope_school: string | null;
      scope_path: string;
      heads_organisation: boolean;
    }>(
      `SELECT u.username, u.role, u.heads_organisation, o.name AS organisation, r.name AS scope_region, s.name AS scope_school, u.scope_path
         FROM users u JOIN organisations o ON o.id = u.organisation_id
         LEFT JOIN regions r ON r.id = u.scope_region_id LEFT JOIN organisations s ON s.id = u.scope_school_id
        ORDER BY u.username`,
    );
    const byName = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        'admin',
        'bureau.leader',
        'bureau.officer',
        'county.official',
        'dept.police',
        'school.principal',
        'school.teacher',
        'town.official',
        'village.official',
      ].sort(),
    );
    for (const name of ['admin', 'bureau.leader', 'bureau.officer']) {
      expect(byName[name]).toMatchObject({
        organisation: '济宁经济技术开发区教育局',
        scope_region: '济宁经济技术开发区',
        scope_path: ZONE_PATH,
      });
    }
    expect(byName['admin'].role).toBe('admin');
    expect(byName['bureau.leader'].role).toBe('bureau_leader');
    expect(byName['bureau.officer'].role).toBe('bureau_officer');
    expect(byName['town.official']).toMatchObject({
      role: 'government_official',
      organisation: '疃里镇人民政府',
      scope_region: '疃里镇',
      scope_path: TUANLI_PATH,
    });
    expect(byName['dept.police']).toMatchObject({ role: 'department_liaison', scope_path: ZONE_PATH });
    expect(byName['dept.police'].organisation).toContain('公安');
    expect(byName['village.official'].role).toBe('village_official');
    expect(byName['village.official'].scope_region).toContain('进士张');
    expect(byName['village.official'].organisation).toContain('进士张');
    expect(byName['village.official'].scope_path).toMatch(
      /^\/37\/3708\/Z370800001\/370829104\/370829104\d{3}\/$/,
    );
    expect(byName['school.teacher']).toMatchObject({
      role: 'school_staff',
      organisation: '疃里镇进士张小学',
      scope_school: '疃里镇进士张小学',
      scope_region: null,
    });
    expect(byName['school.teacher'].scope_path).toBe(byName['village.official'].scope_path);
    // The next level up each line, for escalations: the teacher's principal, the zone's government.
    expect(byName['school.principal']).toMatchObject({
      role: 'school_staff',
      organisation: '疃里镇进士张小学',
      scope_school: '疃里镇进士张小学',
      heads_organisation: true,
    });
    expect(byName['school.teacher'].heads_organisation).toBe(false);
    expect(byName['county.official']).toMatchObject({
      role: 'government_official',
      scope_region: '济宁经济技术开发区',
      scope_path: ZONE_PATH,
    });
  });

  it('stores every ID number encrypted, valid for 嘉祥县, matching birth date and sex, and unique', async () => {
    const cipher = t.app.get(IdNumberCipher);
    const rows = await query<{
      cipher: Buffer;
      hash: Buffer;
      masked: string;
      student_number: string;
      birth_date: string;
      sex: 'male' | 'female';
    }>(
      `SELECT id_number_cipher AS cipher, id_number_hash AS hash, id_number_masked AS masked, student_number,
              to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex
         FROM students`,
    );
    expect(rows).toHaveLength(20_231);
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const row of rows) {
      const id = cipher.decrypt(row.cipher);
      const ok =
        isValidIdNumber(id) &&
        id.startsWith('370829') &&
        idNumberBirthDate(id) === row.birth_date &&
        idNumberSex(id) === row.sex &&
        row.student_number === `G${id}` &&
        row.masked === `${id.slice(0, 6)}********${id.slice(-4)}` &&
        cipher.hash(id).equals(row.hash);
      if (!ok) problems.push(row.student_number);
      seen.add(id);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(rows.length);
  });

  it('makes every student 6–15 with an age fitting the grade, in classes of at most 50', async () => {
    const today = t.clock.now().toISOString().slice(0, 10);
    const rows = await query<{ birth_date: string; grade: number }>(
      `SELECT to_char(birth_date, 'YYYY-MM-DD') AS birth_date, grade FROM students`,
    );
    const misfits = rows.filter(({ birth_date, grade }) => {
      const age = ageOn(birth_date, today);
      return age < 6 || age > 15 || age < grade + 5 || age > grade + 6;
    });
    expect(misfits).toEqual([]);
    const [classes] = await query<{ largest: number; smallest: number }>(
      `SELECT max(n)::int AS largest, min(n)::int AS smallest
         FROM (SELECT count(*) AS n FROM students GROUP BY school_id, grade, class_name) c`,
    );
    expect(classes.largest).toBeLessThanOrEqual(50);
    expect(classes.smallest).toBeGreaterThanOrEqual(30);
  });

  it('places 户籍 in the zone’s villages, mostly the school’s town, and gives 1–2 guardians each', async () => {
    const [homes] = await query<{ in_zone: number; same_town: number; village_level: number }>(
      `SELECT count(*) FILTER (WHERE s.region_path LIKE $1)::int AS in_zone,
              count(*) FILTER (WHERE substr(s.region_path, 1, length($2)) = substr(s.school_region_path, 1, length($2)))::int
                AS same_town,
              count(*) FILTER (WHERE r.kind = 'village' AND r.path = s.region_path)::int AS village_level
         FROM students s JOIN regions r ON r.id = s.hukou_region_id`,
      [`${ZONE_PATH}%`, TUANLI_PATH],
    );
    expect(homes.in_zone).toBe(20_231);
    expect(homes.village_level).toBe(20_231);
    expect(homes.same_town / 20_231).toBeGreaterThan(0.9);
    const [guardians] = await query<{ fewest: number; most: number; away: number }>(
      `SELECT min(n)::int AS fewest, max(n)::int AS most, sum(away)::int AS away
         FROM (SELECT count(g.id) AS n, count(*) FILTER (WHERE g.works_away) AS away
                 FROM students s LEFT JOIN guardians g ON g.student_id = s.id GROUP BY s.id) c`,
    );
    expect(guardians).toMatchObject({ fewest: 1, most: 2 });
    expect(guardians.away).toBeGreaterThan(1000);
  });

  it('flags special statuses at plausible rates', async () => {
    const flags = await query<{ flag: string; share: number }>(
      `SELECT flag, count(DISTINCT student_id)::float / 20231 AS share FROM student_flags GROUP BY flag`,
    );
    const share = Object.fromEntries(flags.map((f) => [f.flag, f.share]));
    expect(share['left_behind']).toBeGreaterThan(0.06);
    expect(share['left_behind']).toBeLessThan(0.1);
    expect(share['disabled']).toBeGreaterThan(0.003);
    expect(share['disabled']).toBeLessThan(0.015);
    for (const flag of [
      'migrant',
      'poverty_monitoring',
      'low_income',
      'in_difficulty',
      'orphan',
      'unsupported',
    ]) {
      expect(share[flag]).toBeGreaterThan(0);
    }
    const [disabled] = await query<{ without_detail: number }>(
      `SELECT count(*)::int AS without_detail FROM student_flags
        WHERE flag = 'disabled' AND NOT (detail ? 'category' AND detail ? 'grade')`,
    );
    expect(disabled.without_detail).toBe(0);
  });

  it('changes nothing when run again', async () => {
    const before = await tableCounts();
    const again = await t.app.get(DemoSeedService).seed();
    expect(again).toMatchObject({ schools: 33, students: 20_231, users: 9 });
    expect(await tableCounts()).toEqual(before);
  });

  it('lets a demo user sign in and see the village in its scope', async () => {
    const client = t.client();
    await client.login('village.official');
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('village_official');
    expect(me.body.scope.kind).toBe('region');
    expect(me.body.scope.region.name).toContain('进士张');
  });
});
