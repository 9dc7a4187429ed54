import { createTestApp, TestApp, TestClient } from '../../test/test-app';

describe('user and organisation administration', () => {
  let t: TestApp;
  let admin: TestClient;
  let zoneId: string;
  let tuanliId: string;
  let tuanliGovId: string;

  const regionId = async (code: string): Promise<string> =>
    (await t.dataSource.query('SELECT id FROM regions WHERE code = $1', [code]))[0].id;

  beforeAll(async () => {
    t = await createTestApp();
    admin = t.client();
    await admin.login('admin');
    zoneId = (await t.dataSource.query("SELECT id FROM regions WHERE kind = 'zone'"))[0].id;
    tuanliId = await regionId('370829104');
    tuanliGovId = (
      await t.dataSource.query(
        "SELECT id FROM organisations WHERE type = 'town_government' AND region_id = $1",
        [tuanliId],
      )
    )[0].id;
  });
  afterAll(() => t.close());

  it('creates an organisation in scope, audited, and refuses one outside', async () => {
    const created = await admin.post('/api/organisations', {
      name: '疃里镇中心小学分校',
      type: 'school',
      regionId: tuanliId,
      schoolCode: '2137999001',
      schoolLevel: 'primary',
      schoolDistrict: '明德学区',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'school', schoolCode: '2137999001', version: 1 });
    expect(created.body.region.code).toBe('370829104');

    const duplicate = await admin.post('/api/organisations', {
      name: '重复学校',
      type: 'school',
      regionId: tuanliId,
      schoolCode: '2137999001',
      schoolLevel: 'primary',
    });
    expect(duplicate.status).toBe(409);

    const outside = await admin.post('/api/organisations', {
      name: '嘉祥县某小学',
      type: 'school',
      regionId: await regionId('370829'),
      schoolCode: '2137999002',
      schoolLevel: 'primary',
    });
    expect(outside.status).toBe(400);
    expect(outside.body.details[0]).toMatchObject({ field: 'regionId', rule: 'withinScope' });

    const noLevel = await admin.post('/api/organisations', {
      name: '缺学段学校',
      type: 'school',
      regionId: tuanliId,
      schoolCode: '2137999003',
    });
    expect(noLevel.status).toBe(400);
    expect(noLevel.body.details[0].field).toBe('schoolLevel');

    const [{ count }] = await t.dataSource.query(
      "SELECT count(*)::int AS count FROM audit_events WHERE action = 'organisation.create' AND entity_id = $1",
      [created.body.id],
    );
    expect(count).toBe(1);
  });

  it('detects a stale organisation update (optimistic locking) and changes nothing', async () => {
    const org = (await admin.get(`/api/organisations/${tuanliGovId}`)).body;
    const first = await admin.patch(`/api/organisations/${tuanliGovId}`, {
      version: org.version,
      phone: '0537-1234567',
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(org.version + 1);
    const stale = await admin.patch(`/api/organisations/${tuanliGovId}`, {
      version: org.version,
      phone: '0537-7654321',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('organisation.stale_version');
    expect((await admin.get(`/api/organisations/${tuanliGovId}`)).body.phone).toBe('0537-1234567');
  });

  it('creates a user who must change the initial password, within the organisation and scope', async () => {
    const created = await admin.post('/api/users', {
      username: 'tuanli.clerk',
      displayName: '王晓梅',
      role: 'government_official',
      organisationId: tuanliGovId,
      scopeRegionId: tuanliId,
      phone: '13805371234',
      password: 'Initial-pass-2026',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'tuanli.clerk',
      mustChangePassword: true,
      phone: '138****1234',
    });

    const clerk = t.client();
    const login = await clerk.login('tuanli.clerk', 'Initial-pass-2026');
    expect(login.body.mustChangePassword).toBe(true);
    expect((await clerk.get('/api/organisations')).status).toBe(403);

    // Wider than the organisation's region: refused.
    const tooWide = await admin.post('/api/users', {
      username: 'tuanli.wide',
      displayName: '李四',
      role: 'government_official',
      organisationId: tuanliGovId,
      scopeRegionId: zoneId,
      password: 'Initial-pass-2026',
    });
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.details[0]).toMatchObject({ field: 'scopeRegionId', rule: 'withinOrganisation' });

    // A role that does not fit the organisation: refused.
    const wrongRole = await admin.post('/api/users', {
      username: 'tuanli.teacher',
      displayName: '张三',
      role: 'school_staff',
      organisationId: tuanliGovId,
      password: 'Initial-pass-2026',
    });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.details[0]).toMatchObject({ field: 'role', rule: 'fitsOrganisation' });

    const taken = await admin.post('/api/users', {
      username: 'tuanli.clerk',
      displayName: '重名',
      role: 'government_official',
      organisationId: tuanliGovId,
      password: 'Initial-pass-2026',
    });
    expect(taken.status).toBe(409);
  });

  it('deactivates a user (their sessions end), refuses a stale update and self-deactivation', async () => {
    const target = t.client();
    await target.login('town.official');
    const user = (await admin.get('/api/users?q=town.official')).body.items[0];
    const deactivated = await admin.patch(`/api/users/${user.id}`, { version: user.version, active: false });
    expect(deactivated.status).toBe(200);
    expect((await target.get('/api/auth/me')).status).toBe(401);
    expect(
      (await t.client().post('/api/auth/login', { username: 'town.official', password: 'Baoxue@2026' }))
        .status,
    ).toBe(401);

    const stale = await admin.patch(`/api/users/${user.id}`, { version: user.version, active: true });
    expect(stale.status).toBe(409);

    const me = (await admin.get('/api/auth/me')).body;
    const self = (await admin.get(`/api/users/${me.id}`)).body;
    const selfOff = await admin.patch(`/api/users/${me.id}`, { version: self.version, active: false });
    expect(selfOff.status).toBe(400);
  });

  it('lists only users within the admin scope, with masked phones', async () => {
    const page = await admin.get('/api/users?pageSize=100');
    expect(page.status).toBe(200);
    for (const user of page.body.items) {
      if (user.phone) expect(user.phone).toMatch(/^\d{3}\*+\d{4}$/);
    }
    const usernames = page.body.items.map((u: { username: string }) => u.username);
    expect(usernames).toEqual(expect.arrayContaining(['admin', 'village.official', 'school.teacher']));
  });
  it('marks who heads an organisation (负责人), shown in the list, and validates the flag', async () => {
    const principal = (await admin.get('/api/users?q=school.principal')).body.items[0];
    expect(principal.headsOrganisation).toBe(true);
    const teacher = (await admin.get('/api/users?q=school.teacher')).body.items[0];
    expect(teacher.headsOrganisation).toBe(false);

    const notBoolean = await admin.patch(`/api/users/${teacher.id}`, {
      version: teacher.version,
      headsOrganisation: 'yes',
    });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'headsOrganisation', rule: 'isBoolean' })]),
    );

    const promoted = await admin.patch(`/api/users/${teacher.id}`, {
      version: teacher.version,
      headsOrganisation: true,
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ headsOrganisation: true, version: teacher.version + 1 });
    const listed = (await admin.get('/api/users?q=school.teacher')).body.items[0];
    expect(listed.headsOrganisation).toBe(true);
    // Still signed in: heading an organisation changes neither role nor scope.
    const teacherClient = await t.as('school.teacher');
    expect((await teacherClient.get('/api/auth/me')).status).toBe(200);

    const schoolId = principal.organisation.id;
    const created = await admin.post('/api/users', {
      username: 'school.head2',
      displayName: '副校长',
      role: 'school_staff',
      organisationId: schoolId,
      headsOrganisation: true,
      password: 'Initial-pass-2026',
    });
    expect(created.status).toBe(201);
    expect(created.body.headsOrganisation).toBe(true);
    const plain = await admin.post('/api/users', {
      username: 'school.plain2',
      displayName: '普通教师',
      role: 'school_staff',
      organisationId: schoolId,
      password: 'Initial-pass-2026',
    });
    expect(plain.body.headsOrganisation).toBe(false);
  });
});
