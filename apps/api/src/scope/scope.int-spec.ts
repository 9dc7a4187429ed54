import { ROLES } from '@baoxue/domain';
import { createTestApp, TestApp } from '../../test/test-app';
import { hashPassword } from '../auth/passwords';

interface OrgRow {
  id: string;
  region_path: string;
}

/**
 * Role × scope: every demo user sees what is inside their scope and gets 404 (never the
 * row) for what lies outside, in single reads, lists and the region tree.
 */
describe('scope enforcement', () => {
  let t: TestApp;
  let zonePath: string;
  let outsideOrg: OrgRow;
  let jiaxiangUserPassword: string;

  const org = async (where: string, params: unknown[] = []): Promise<OrgRow> => {
    const rows: OrgRow[] = await t.dataSource.query(
      `SELECT o.id, o.region_path FROM organisations o JOIN regions r ON r.id = o.region_id WHERE ${where} ORDER BY o.name LIMIT 1`,
      params,
    );
    if (!rows[0]) throw new Error(`no organisation where ${where}`);
    return rows[0];
  };
  const regionId = async (code: string): Promise<string> =>
    (await t.dataSource.query('SELECT id FROM regions WHERE code = $1', [code]))[0].id;

  beforeAll(async () => {
    t = await createTestApp();
    zonePath = (await t.dataSource.query("SELECT path FROM regions WHERE kind = 'zone'"))[0].path;
    // An organisation and a user of 嘉祥县 itself: outside the zone, though the zone's towns are coded under it.
    const jiaxiang = await regionId('370829');
    const jiaxiangPath = (await t.dataSource.query('SELECT path FROM regions WHERE id = $1', [jiaxiang]))[0]
      .path;
    const [{ id: orgId }] = await t.dataSource.query(
      `INSERT INTO organisations (name, type, region_id, region_path) VALUES ('嘉祥县人民政府', 'county_government', $1, $2) RETURNING id`,
      [jiaxiang, jiaxiangPath],
    );
    outsideOrg = { id: orgId, region_path: jiaxiangPath };
    jiaxiangUserPassword = 'Jiaxiang-county-1';
    await t.dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_region_id, scope_path)
       VALUES ('jiaxiang.official', '嘉祥县干部', $1, 'government_official', $2, $3, $4)`,
      [await hashPassword(jiaxiangUserPassword), orgId, jiaxiang, jiaxiangPath],
    );
  });
  afterAll(() => t.close());

  it('has a demo user of every role (and of the levels escalations reach)', async () => {
    const rows: { role: string }[] = await t.dataSource.query(
      "SELECT DISTINCT role FROM users WHERE username <> 'jiaxiang.official'",
    );
    expect(rows.map((r) => r.role).sort()).toEqual([...ROLES].sort());
  });

  it('treats the management zone as the parent of 疃里镇 and 马集镇', async () => {
    const towns: { code: string; path: string; parent_kind: string }[] = await t.dataSource.query(
      `SELECT r.code, r.path, p.kind AS parent_kind FROM regions r JOIN regions p ON p.id = r.parent_id
        WHERE r.code IN ('370829104', '370829108') ORDER BY r.code`,
    );
    expect(towns).toHaveLength(2);
    for (const town of towns) {
      expect(town.parent_kind).toBe('zone');
      expect(town.path.startsWith(zonePath)).toBe(true);
      expect(town.path.startsWith(outsideOrg.region_path)).toBe(false);
    }

    // A 嘉祥县 user does not see the zone's schools; a zone user does.
    const zoneSchool = await org("o.type = 'school' AND r.path LIKE $1", [`${zonePath}%`]);
    const county = t.client();
    await county.login('jiaxiang.official', jiaxiangUserPassword);
    expect((await county.get(`/api/organisations/${zoneSchool.id}`)).status).toBe(404);
    const countyList = await county.get('/api/organisations?pageSize=100');
    expect(countyList.body.items.map((o: { id: string }) => o.id)).toEqual([outsideOrg.id]);

    const zone = t.client();
    await zone.login('bureau.officer');
    expect((await zone.get(`/api/organisations/${zoneSchool.id}`)).status).toBe(200);
    expect((await zone.get(`/api/organisations/${outsideOrg.id}`)).status).toBe(404);
  });

  /** For each demo user: an organisation inside their scope and one outside it. */
  const cases: { username: string; inside: () => Promise<OrgRow>; outside: () => Promise<OrgRow> }[] = [
    ...['admin', 'bureau.leader', 'bureau.officer', 'dept.police'].map((username) => ({
      username,
      inside: () => org("o.type = 'school' AND r.path LIKE $1", ['%/370829108/%']),
      outside: async () => outsideOrg,
    })),
    {
      username: 'town.official',
      inside: () => org("o.type = 'school' AND r.path LIKE $1", ['%/370829104/%']),
      outside: () => org("o.type = 'school' AND r.path LIKE $1", ['%/370829108/%']),
    },
    {
      username: 'village.official',
      inside: () => org("o.type = 'village_committee' AND r.name LIKE '%进士张%'"),
      outside: () =>
        org("o.type = 'village_committee' AND r.path LIKE $1 AND r.name NOT LIKE '%进士张%'", [
          '%/370829104/%',
        ]),
    },
    {
      username: 'school.teacher',
      inside: async () =>
        org('o.id = (SELECT scope_school_id FROM users WHERE username = $1)', ['school.teacher']),
      outside: () => org("o.type = 'school' AND r.path LIKE $1", ['%/370829108/%']),
    },
  ];

  it.each(cases)(
    '$username reads inside its scope and gets 404 outside',
    async ({ username, inside, outside }) => {
      const client = t.client();
      await client.login(username);
      const [own, foreign] = [await inside(), await outside()];

      expect((await client.get(`/api/organisations/${own.id}`)).status).toBe(200);
      const refused = await client.get(`/api/organisations/${foreign.id}`);
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain(foreign.id);

      // Lists hold nothing from outside the scope.
      const me = (await client.get('/api/auth/me')).body;
      const list = await client.get('/api/organisations?pageSize=100');
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      const ids: string[] = list.body.items.map((o: { id: string }) => o.id);
      expect(ids).toContain(own.id);
      expect(ids).not.toContain(foreign.id);
      const paths: { region_path: string }[] = await t.dataSource.query(
        'SELECT region_path FROM organisations WHERE id = ANY($1)',
        [ids],
      );
      const scopeRegion = me.scope.kind === 'region' ? me.scope.region.id : null;
      if (scopeRegion) {
        const scopePath = (
          await t.dataSource.query('SELECT path FROM regions WHERE id = $1', [scopeRegion])
        )[0].path;
        for (const { region_path } of paths) expect(region_path.startsWith(scopePath)).toBe(true);
      } else {
        expect(ids).toEqual([me.scope.school.id]);
      }

      // The region tree: the foreign organisation's region is out of reach too.
      const foreignRegion = (
        await t.dataSource.query('SELECT region_id FROM organisations WHERE id = $1', [foreign.id])
      )[0].region_id;
      expect((await client.get(`/api/regions/${foreignRegion}/chain`)).status).toBe(404);
    },
  );

  it.each(['village.official', 'dept.police', 'school.teacher', 'bureau.leader', 'town.official'])(
    '%s cannot reach the admin endpoints',
    async (username) => {
      const client = t.client();
      await client.login(username);
      const someone = (await t.dataSource.query("SELECT id FROM users WHERE username = 'admin'"))[0].id;
      const responses = [
        await client.get('/api/users'),
        await client.get(`/api/users/${someone}`),
        await client.post('/api/users', {}),
        await client.patch(`/api/users/${someone}`, { version: 1, active: false }),
        await client.post(`/api/users/${someone}/password`, { version: 1, password: 'Another-pass-1' }),
        await client.post('/api/organisations', {}),
      ];
      for (const response of responses) {
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('auth.permission');
      }
      const [{ active }] = await t.dataSource.query('SELECT active FROM users WHERE id = $1', [someone]);
      expect(active).toBe(true);
    },
  );
});
