import { composeIdNumber } from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';
import { IdNumberCipher } from './id-number-cipher';

interface UserScopeRow {
  scope_path: string;
  scope_school_id: string | null;
}

interface StudentRow {
  id: string;
  region_path: string;
  school_region_path: string | null;
  school_id: string | null;
}

const FULL_ID_NUMBER = /\d{17}[\dX]/;
const FULL_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
/** A response as text, without its random uuids (a run of their digits can look like a phone number). */
const textOf = (body: unknown): string =>
  JSON.stringify(body).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
/** Demo users whose role may read children's records (children.read). */
const CHILD_READERS = [
  'bureau.leader',
  'bureau.officer',
  'town.official',
  'village.official',
  'school.teacher',
];
/** Least privilege: the admin and department liaisons never read children's records here. */
const NOT_CHILD_READERS = ['admin', 'dept.police'];

/**
 * Children's records: scoped by role and jurisdiction, masked by default, revealed only
 * with a permission and a reason, every read and change audited.
 */
describe('students', () => {
  let t: TestApp;
  let cipher: IdNumberCipher;
  let officer: TestClient;
  let outsideStudentId: string;
  let tuanliVillageId: string;
  let tuanliSchoolId: string;

  const scopeOf = async (username: string): Promise<UserScopeRow> =>
    (
      await t.dataSource.query('SELECT scope_path, scope_school_id FROM users WHERE username = $1', [
        username,
      ])
    )[0];

  const inScope = (scope: UserScopeRow, s: StudentRow): boolean =>
    scope.scope_school_id
      ? s.school_id === scope.scope_school_id
      : s.region_path.startsWith(scope.scope_path) ||
        (s.school_region_path ?? '').startsWith(scope.scope_path);

  const studentWhere = async (where: string, params: unknown[] = []): Promise<StudentRow> => {
    const rows: StudentRow[] = await t.dataSource.query(
      `SELECT id, region_path, school_region_path, school_id FROM students WHERE ${where} ORDER BY id LIMIT 1`,
      params,
    );
    if (!rows[0]) throw new Error(`no student where ${where}`);
    return rows[0];
  };

  const realIdNumber = async (id: string): Promise<string> => {
    const [row] = await t.dataSource.query('SELECT id_number_cipher FROM students WHERE id = $1', [id]);
    return cipher.decrypt(row.id_number_cipher);
  };

  const auditCount = async (action: string, entityId: string): Promise<number> =>
    (
      await t.dataSource.query(
        'SELECT count(*)::int AS count FROM audit_events WHERE action = $1 AND entity_id = $2',
        [action, entityId],
      )
    )[0].count;

  beforeAll(async () => {
    t = await createTestApp();
    cipher = t.app.get(IdNumberCipher);
    officer = t.client();
    await officer.login('bureau.officer');
    // A child of 嘉祥县 itself: outside the zone, though its towns are coded under the county.
    const [county] = await t.dataSource.query("SELECT id, path FROM regions WHERE code = '370829'");
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO students (full_name, sex, birth_date, region_path, hukou_region_id, enrolment_status)
       VALUES ('县外儿童', 'male', '2014-05-06', $1, $2, 'not_enrolled') RETURNING id`,
      [county.path, county.id],
    );
    outsideStudentId = id;
    tuanliVillageId = (
      await t.dataSource.query(
        "SELECT id FROM regions WHERE kind = 'village' AND path LIKE '%/370829104/%' ORDER BY code LIMIT 1",
      )
    )[0].id;
    tuanliSchoolId = (
      await t.dataSource.query(
        "SELECT id FROM organisations WHERE type = 'school' AND region_path LIKE '%/370829104/%' ORDER BY name LIMIT 1",
      )
    )[0].id;
  });
  afterAll(() => t.close());

  /** For each demo user: a child inside the scope and one outside it. */
  const outsideFor = async (scope: UserScopeRow): Promise<string> => {
    if (scope.scope_school_id) return (await studentWhere('school_id <> $1', [scope.scope_school_id])).id;
    const row = await studentWhere(
      "NOT (region_path LIKE $1 OR coalesce(school_region_path, '') LIKE $1) AND id <> $2",
      [`${scope.scope_path}%`, outsideStudentId],
    ).catch(() => null);
    return row?.id ?? outsideStudentId;
  };
  const insideFor = async (scope: UserScopeRow): Promise<string> =>
    scope.scope_school_id
      ? (await studentWhere('school_id = $1', [scope.scope_school_id])).id
      : (await studentWhere('region_path LIKE $1', [`${scope.scope_path}%`])).id;

  it.each(NOT_CHILD_READERS)('%s may not list, read or register children (403)', async (username) => {
    const client = t.client();
    await client.login(username);
    const child = await studentWhere('true');
    for (const response of [
      await client.get('/api/students'),
      await client.get(`/api/students/${child.id}`),
      await client.patch(`/api/students/${child.id}`, { version: 1, className: '9班' }),
      await client.post(`/api/students/${child.id}/reveal`, { reason: '核对信息' }),
      await client.post('/api/students', {}),
    ]) {
      expect(response.status).toBe(403);
      expect(['auth.permission', 'auth.role']).toContain(response.body.code);
    }
  });

  it.each(CHILD_READERS)('%s reads children inside its scope and gets 404 outside', async (username) => {
    const client = t.client();
    await client.login(username);
    const scope = await scopeOf(username);
    const [inside, outside] = [await insideFor(scope), await outsideFor(scope)];

    const own = await client.get(`/api/students/${inside}`);
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(inside);
    expect((await client.get(`/api/students/${outside}`)).status).toBe(404);
    expect((await client.get(`/api/students/${outsideStudentId}`)).status).toBe(404);
    expect((await client.patch(`/api/students/${outside}`, { version: 1, className: '9班' })).status).toBe(
      404,
    );

    const list = await client.get('/api/students?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const ids: string[] = list.body.items.map((s: { id: string }) => s.id);
    const rows: StudentRow[] = await t.dataSource.query(
      'SELECT id, region_path, school_region_path, school_id FROM students WHERE id = ANY($1)',
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) expect(inScope(scope, row)).toBe(true);
    expect(ids).not.toContain(outside);

    // The total counts exactly the children in scope.
    const [{ count }] = await t.dataSource.query(
      scope.scope_school_id
        ? 'SELECT count(*)::int AS count FROM students WHERE school_id = $1'
        : "SELECT count(*)::int AS count FROM students WHERE region_path LIKE $1 OR coalesce(school_region_path, '') LIKE $1",
      [scope.scope_school_id ?? `${scope.scope_path}%`],
    );
    expect(list.body.total).toBe(count);
  });

  it('lets a town see children of its schools with 户籍 elsewhere, and its children at schools elsewhere', async () => {
    const town = t.client();
    await town.login('town.official');
    const atOurSchool = await studentWhere(
      "school_region_path LIKE '%/370829104/%' AND region_path NOT LIKE '%/370829104/%'",
    );
    const atOtherSchool = await studentWhere(
      "region_path LIKE '%/370829104/%' AND school_region_path NOT LIKE '%/370829104/%'",
    );
    expect((await town.get(`/api/students/${atOurSchool.id}`)).status).toBe(200);
    expect((await town.get(`/api/students/${atOtherSchool.id}`)).status).toBe(200);
  });

  it('masks ID numbers, student numbers, phones and addresses in lists and details, and audits each read', async () => {
    const list = await officer.get('/api/students?pageSize=100');
    expect(list.status).toBe(200);
    const listText = textOf(list.body);
    expect(listText).not.toMatch(FULL_ID_NUMBER);
    expect(listText).not.toMatch(FULL_MOBILE);
    expect(list.body.items[0].idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(list.body.items[0].studentNumberMasked).toMatch(/^G\d{6}\*{8}\d{3}[\dX]$/);

    const withGuardian = await studentWhere(
      'id IN (SELECT student_id FROM guardians WHERE phone IS NOT NULL) AND hukou_address IS NOT NULL',
    );
    const before = await auditCount('student.read', withGuardian.id);
    const detail = await officer.get(`/api/students/${withGuardian.id}`);
    expect(detail.status).toBe(200);
    const detailText = textOf(detail.body);
    expect(detailText).not.toMatch(FULL_ID_NUMBER);
    expect(detailText).not.toMatch(FULL_MOBILE);
    expect(detail.body.guardians[0].phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(detail.body.guardians[0]).not.toHaveProperty('phone');
    expect(detail.body.hukouAddressMasked).toMatch(/村\*\*\*$|\*\*\*$/);
    expect(detail.body.hukouAddressMasked).not.toMatch(/\d+号/);
    expect(await auditCount('student.read', withGuardian.id)).toBe(before + 1);
    const [audit] = await t.dataSource.query(
      "SELECT region_path FROM audit_events WHERE action = 'student.read' AND entity_id = $1",
      [withGuardian.id],
    );
    expect(audit.region_path).toBe(withGuardian.region_path);

    const disabled = await studentWhere(
      "id IN (SELECT student_id FROM student_flags WHERE flag = 'disabled')",
    );
    const disabledDetail = await officer.get(`/api/students/${disabled.id}`);
    expect(JSON.stringify(disabledDetail.body)).not.toMatch(/category/);
    expect(
      disabledDetail.body.flagPeriods.find((f: { flag: string }) => f.flag === 'disabled').hasDetail,
    ).toBe(true);
  });

  it('reveals the real data to a bureau officer with a reason, audited once', async () => {
    const student = await studentWhere('id_number_cipher IS NOT NULL AND region_path LIKE $1', [
      '%/370829104/%',
    ]);
    const reason = '核实身份以办理复学手续';
    const revealed = await officer.post(`/api/students/${student.id}/reveal`, { reason });
    expect(revealed.status).toBe(200);
    expect(revealed.body.idNumber).toBe(await realIdNumber(student.id));
    expect(revealed.body.idNumber).toMatch(FULL_ID_NUMBER);
    const rows = await t.dataSource.query(
      "SELECT reason, actor_username FROM audit_events WHERE action = 'student.reveal' AND entity_id = $1",
      [student.id],
    );
    expect(rows).toEqual([{ reason, actor_username: 'bureau.officer' }]);

    expect((await officer.post(`/api/students/${student.id}/reveal`, { reason: 'ab' })).status).toBe(400);
    expect((await officer.post(`/api/students/${student.id}/reveal`, {})).status).toBe(400);
    expect((await officer.post(`/api/students/${outsideStudentId}/reveal`, { reason })).status).toBe(404);
  });

  it('refuses a reveal to roles without the permission', async () => {
    const village = t.client();
    await village.login('village.official');
    const scope = await scopeOf('village.official');
    const inside = await insideFor(scope);
    // Another test may have revealed the same child: what matters is that this refusal adds nothing.
    const before = await auditCount('student.reveal', inside);
    const response = await village.post(`/api/students/${inside}/reveal`, { reason: '入户走访核对' });
    expect(response.status).toBe(403);
    expect(await auditCount('student.reveal', inside)).toBe(before);
  });

  it('finds a child by full ID number through the keyed hash only', async () => {
    const student = await studentWhere("id_number_cipher IS NOT NULL AND region_path LIKE '%/370829108/%'");
    const idNumber = await realIdNumber(student.id);
    const found = await officer.get(`/api/students?idNumber=${idNumber.toLowerCase()}`);
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([student.id]);
    expect(JSON.stringify(found.body)).not.toMatch(FULL_ID_NUMBER);

    const bad = await officer.get('/api/students?idNumber=12345');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'idNumber', rule: 'format' });
  });

  it('filters by school, grade, flag and name prefix', async () => {
    const list = await officer.get(`/api/students?schoolId=${tuanliSchoolId}&grade=3&pageSize=100`);
    expect(list.status).toBe(200);
    for (const item of list.body.items) {
      expect(item.school.id).toBe(tuanliSchoolId);
      expect(item.grade).toBe(3);
    }
    const flagged = await officer.get('/api/students?flag=left_behind&pageSize=50');
    expect(flagged.body.total).toBeGreaterThan(0);
    for (const item of flagged.body.items) expect(item.flags).toContain('left_behind');
    const prefix = (await officer.get('/api/students?q=张&pageSize=50')).body;
    for (const item of prefix.items) expect(item.fullName.startsWith('张')).toBe(true);
  });

  describe('registration and updates', () => {
    const idNumber = composeIdNumber('370829', '2015-03-04', 123);
    const child = () => ({
      fullName: '李小明',
      sex: 'male',
      birthDate: '2015-03-04',
      idNumber,
      hukouRegionId: tuanliVillageId,
      hukouAddress: '山东省济宁市嘉祥县疃里镇某村12号',
      schoolId: tuanliSchoolId,
      grade: 4,
      className: '2班',
      guardians: [
        {
          fullName: '李大明',
          relation: 'father',
          phone: '13812345678',
          worksAway: true,
          worksAwayPlace: '浙江宁波',
        },
      ],
      flags: [{ flag: 'left_behind', fromDate: '2024-09-01' }],
    });

    it('refuses a bad ID number, naming the field and rule', async () => {
      const badCheck = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
      const response = await officer.post('/api/students', { ...child(), idNumber: badCheck });
      expect(response.status).toBe(400);
      expect(response.body.details[0]).toMatchObject({ field: 'idNumber', rule: 'checksum' });
      expect(JSON.stringify(response.body)).not.toContain(badCheck);

      const wrongBirth = await officer.post('/api/students', { ...child(), birthDate: '2015-03-05' });
      expect(wrongBirth.status).toBe(400);
      expect(wrongBirth.body.details[0]).toMatchObject({ field: 'birthDate', rule: 'matchesIdNumber' });
      const wrongSex = await officer.post('/api/students', { ...child(), sex: 'female' });
      expect(wrongSex.body.details[0]).toMatchObject({ field: 'sex', rule: 'matchesIdNumber' });
      const badPhone = await officer.post('/api/students', {
        ...child(),
        guardians: [{ fullName: '李大明', relation: 'father', phone: '12345' }],
      });
      expect(badPhone.status).toBe(400);
      expect(badPhone.body.details[0].field).toBe('guardians.0.phone');
      const outsideVillage = await officer.post('/api/students', {
        ...child(),
        hukouRegionId: (
          await t.dataSource.query('SELECT hukou_region_id FROM students WHERE id = $1', [outsideStudentId])
        )[0].hukou_region_id,
      });
      expect(outsideVillage.status).toBe(400);
      expect(outsideVillage.body.details[0].field).toBe('hukouRegionId');
    });

    it('registers a child, audited, and flags possible duplicates', async () => {
      const first = await officer.post('/api/students', child());
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ fullName: '李小明', grade: 4, version: 1, flags: ['left_behind'] });
      expect(first.body.idNumberMasked).toBe(`370829********${idNumber.slice(-4)}`);
      expect(first.body.guardians[0].phoneMasked).toBe('138****5678');
      expect(first.body.possibleDuplicates).toEqual([]);
      expect(JSON.stringify(first.body)).not.toMatch(FULL_ID_NUMBER);
      expect(await auditCount('student.create', first.body.id)).toBe(1);
      const [row] = await t.dataSource.query(
        'SELECT region_path, school_region_path FROM students WHERE id = $1',
        [first.body.id],
      );
      expect(row.region_path).toMatch(/\/370829104\/370829104\d{3}\/$/);
      expect(row.school_region_path).toMatch(/\/370829104\//);

      const again = await officer.post('/api/students', child());
      expect(again.status).toBe(201);
      expect(again.body.possibleDuplicates).toEqual([
        expect.objectContaining({ id: first.body.id, maskedName: '李**', matchedBy: 'id_number' }),
      ]);

      // Same name, birth date and 户籍 village, without an ID number.
      const { idNumber: _id, ...noId } = child();
      const third = await officer.post('/api/students', noId);
      expect(third.status).toBe(201);
      expect(third.body.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual(
        expect.arrayContaining([first.body.id, again.body.id]),
      );
      expect(third.body.idNumberMasked).toBeNull();
    });

    it('registers an out-of-school child; school staff must name their school', async () => {
      const { schoolId: _s, grade: _g, className: _c, ...outOfSchool } = child();
      const created = await officer.post('/api/students', {
        ...outOfSchool,
        fullName: '王小花',
        sex: 'female',
        idNumber: composeIdNumber('370829', '2013-07-08', 222),
        birthDate: '2013-07-08',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ school: null, enrolmentStatus: 'not_enrolled' });

      const teacher = t.client();
      await teacher.login('school.teacher');
      const noSchool = await teacher.post('/api/students', { ...outOfSchool, idNumber: undefined });
      expect(noSchool.status).toBe(400);
      expect(noSchool.body.details[0]).toMatchObject({ field: 'schoolId' });
    });

    it('updates with optimistic locking; a stale version gets 409 and changes nothing', async () => {
      const created = await officer.post('/api/students', {
        ...child(),
        fullName: '赵小刚',
        idNumber: composeIdNumber('370829', '2015-03-04', 555),
      });
      expect(created.status).toBe(201);
      const id = created.body.id;

      const first = await officer.patch(`/api/students/${id}`, { version: 1, className: '3班', grade: 4 });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ className: '3班', version: 2 });
      const [audit] = await t.dataSource.query(
        "SELECT details FROM audit_events WHERE action = 'student.update' AND entity_id = $1",
        [id],
      );
      expect(audit.details).toEqual({ fields: ['className'] });

      const stale = await officer.patch(`/api/students/${id}`, {
        version: 1,
        className: '5班',
        fullName: '赵大刚',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('student.stale_version');
      const [row] = await t.dataSource.query(
        'SELECT full_name, class_name, version FROM students WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ full_name: '赵小刚', class_name: '3班', version: 2 });

      const badBirth = await officer.patch(`/api/students/${id}`, { version: 2, birthDate: '2015-03-09' });
      expect(badBirth.status).toBe(400);
      expect(badBirth.body.details[0]).toMatchObject({ field: 'birthDate', rule: 'matchesIdNumber' });

      const family = await officer.patch(`/api/students/${id}`, {
        version: 2,
        guardians: [{ fullName: '赵妈妈', relation: 'mother', phone: '13900001111' }],
      });
      expect(family.status).toBe(200);
      expect(family.body.guardians).toEqual([
        expect.objectContaining({ fullName: '赵妈妈', phoneMasked: '139****1111' }),
      ]);
      expect(await auditCount('student.update', id)).toBe(2);
      const unknown = await officer.patch(`/api/students/${id}`, { version: 3, shoeSize: 40 });
      expect(unknown.status).toBe(400);
    });
  });
});
