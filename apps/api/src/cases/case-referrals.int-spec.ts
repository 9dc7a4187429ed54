import { DEPARTMENT_KINDS } from '@baoxue/domain';
import { hashPassword } from '../auth/passwords';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

const TUANLI = '%/370829104/%';
const MAJI = '%/370829108/%';
const CIVIL_PASSWORD = 'Civil-affairs-2026';
const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;

/** Department referrals (部门转介) through the real API and PostgreSQL. */
describe('case referrals', () => {
  let t: TestApp;
  let civil: TestClient;
  let policeId: string;
  let civilId: string;
  let outsideDepartmentId: string;
  const used: string[] = [];

  const as = (username: string): Promise<TestClient> => t.as(username);

  /** A child with no case yet, matching `where`. */
  const student = async (where: string, params: unknown[]): Promise<string> => {
    const rows: { id: string }[] = await t.dataSource.query(
      // Not of village.official's village, where opening names that official automatically.
      `SELECT s.id FROM students s WHERE ${where}
         AND s.region_path <> (SELECT scope_path FROM users WHERE username = 'village.official')
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($${params.length + 1})) ORDER BY s.id LIMIT 1`,
      [...params, used],
    );
    if (!rows[0]) throw new Error(`no student where ${where}`);
    used.push(rows[0].id);
    return rows[0].id;
  };

  const openCase = async (where = 's.region_path LIKE $1', params: unknown[] = [TUANLI]): Promise<string> => {
    const response = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId: await student(where, params),
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'working_away',
      reasonNote: '据邻居说随父母外出',
      whereabouts: '疑似浙江宁波',
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };

  const refer = async (caseId: string, departmentId: string, by = 'bureau.officer') =>
    (await as(by)).post(`/api/cases/${caseId}/referrals`, {
      departmentId,
      need: 'trace_whereabouts',
      request: '请协助查找该生及其父母去向',
    });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    const department = async (
      kind: string,
    ): Promise<{ id: string; region_id: string; region_path: string }> =>
      (
        await t.dataSource.query(
          `SELECT id, region_id, region_path FROM organisations WHERE type = 'department' AND department_kind = $1`,
          [kind],
        )
      )[0];
    policeId = (await department('public_security')).id;
    const civilAffairs = await department('civil_affairs');
    civilId = civilAffairs.id;
    // A second liaison, of the zone's civil affairs bureau.
    await t.dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_region_id, scope_path)
       VALUES ('dept.civil', '民政联络员', $1, 'department_liaison', $2, $3, $4)`,
      [await hashPassword(CIVIL_PASSWORD), civilId, civilAffairs.region_id, civilAffairs.region_path],
    );
    civil = t.client();
    await civil.login('dept.civil', CIVIL_PASSWORD);
    // A department of 嘉祥县 itself: it does not cover the zone's children.
    const [jiaxiang] = await t.dataSource.query("SELECT id, path FROM regions WHERE code = '370829'");
    outsideDepartmentId = (
      await t.dataSource.query(
        `INSERT INTO organisations (name, type, department_kind, region_id, region_path)
         VALUES ('嘉祥县公安局', 'department', 'public_security', $1, $2) RETURNING id`,
        [jiaxiang.id, jiaxiang.path],
      )
    )[0].id;
  });
  afterAll(() => t.close());

  it('offers the departments covering the child’s place, and refers to one of them', async () => {
    const caseId = await openCase();
    const officer = await as('bureau.officer');
    const departments = await officer.get(`/api/cases/${caseId}/referral-departments`);
    expect(departments.status).toBe(200);
    expect(departments.body.map((d: { departmentKind: string }) => d.departmentKind).sort()).toEqual(
      [...DEPARTMENT_KINDS].sort(),
    );
    expect(departments.body.map((d: { id: string }) => d.id)).not.toContain(outsideDepartmentId);

    const outside = await refer(caseId, outsideDepartmentId);
    expect(outside.status).toBe(400);
    expect(outside.body.details[0]).toMatchObject({ field: 'departmentId', rule: 'referralDepartment' });

    const created = await refer(caseId, policeId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      caseId,
      status: 'offered',
      need: 'trace_whereabouts',
      request: '请协助查找该生及其父母去向',
      department: { id: policeId, departmentKind: 'public_security' },
      referredByOrganisation: '济宁经济技术开发区教育局',
      version: 1,
    });
    expect((await refer(caseId, policeId)).body).toMatchObject({ code: 'referral.already_active' });
    expect(await count("audit_events WHERE action = 'case.refer' AND entity_id = $1", [caseId])).toBe(1);

    const detail = await officer.get(`/api/cases/${caseId}`);
    expect(detail.body.timeline.at(-1)).toMatchObject({
      kind: 'referral',
      payload: { referralId: created.body.id, action: 'refer', departmentId: policeId },
      comment: '请协助查找该生及其父母去向',
    });
    const list = await officer.get(`/api/cases/${caseId}/referrals`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([created.body]);
  });

  it('refuses bad input naming the field and rule, and roles that may not refer', async () => {
    const caseId = await openCase();
    const officer = await as('bureau.officer');
    const noRequest = await officer.post(`/api/cases/${caseId}/referrals`, {
      departmentId: policeId,
      need: 'verify_hukou',
      request: ' ',
    });
    expect(noRequest.status).toBe(400);
    expect(noRequest.body.details[0]).toMatchObject({ field: 'request', rule: 'required' });
    const badNeed = await officer.post(`/api/cases/${caseId}/referrals`, {
      departmentId: policeId,
      need: 'find',
      request: '核实',
    });
    expect(badNeed.status).toBe(400);
    expect(badNeed.body.details[0]).toMatchObject({ field: 'need', rule: 'one_of' });
    const unknownField = await officer.post(`/api/cases/${caseId}/referrals`, {
      departmentId: policeId,
      need: 'verify_hukou',
      request: '核实',
      status: 'accepted',
    });
    expect(unknownField.status).toBe(400);
    for (const username of ['dept.police', 'admin']) {
      expect((await refer(caseId, policeId, username)).status).toBe(403);
    }
    // Town officials of 疃里镇 may refer; the village official outside its village sees nothing.
    expect((await refer(caseId, civilId, 'town.official')).status).toBe(201);
    const foreign = await openCase('s.region_path LIKE $1 AND s.school_region_path NOT LIKE $2', [
      MAJI,
      TUANLI,
    ]);
    const village = await as('village.official');
    expect((await village.get(`/api/cases/${foreign}/referrals`)).status).toBe(404);
    expect((await refer(foreign, policeId, 'village.official')).status).toBe(404);
    expect((await village.get(`/api/cases/${foreign}/referral-departments`)).status).toBe(404);
    expect(await count('case_referrals WHERE case_id = $1', [foreign])).toBe(0);
  });

  it('shows each liaison only its own department’s referrals, masked, and audits the read', async () => {
    const caseId = await openCase();
    const toPolice = (await refer(caseId, policeId)).body;
    const toCivil = (await refer(caseId, civilId)).body;
    const police = await as('dept.police');

    const inbox = await police.get('/api/referrals?pageSize=100');
    expect(inbox.status).toBe(200);
    const ids = inbox.body.items.map((r: { id: string }) => r.id);
    expect(ids).toContain(toPolice.id);
    expect(ids).not.toContain(toCivil.id);
    expect(inbox.body.items.every((r: { department: { id: string } }) => r.department.id === policeId)).toBe(
      true,
    );
    const item = inbox.body.items.find((r: { id: string }) => r.id === toPolice.id);
    const [child] = await t.dataSource.query(
      'SELECT s.full_name, s.sex, s.id_number_masked FROM students s JOIN cases c ON c.student_id = s.id WHERE c.id = $1',
      [caseId],
    );
    expect(item.child).toMatchObject({ fullName: child.full_name, sex: child.sex });
    expect(item.child.idNumberMasked ?? '').toMatch(child.id_number_masked ? MASKED_ID : /^$/);
    expect(typeof item.child.age).toBe('number');
    expect(item.child.householdPlace).toMatch(/^济宁市济宁经济技术开发区疃里镇.+/);
    expect(item.case).toEqual({
      id: caseId,
      type: 'suspected_dropout',
      state: 'suspected',
      primaryReason: 'working_away',
      otherReasons: [],
    });
    // Free text about the family stays with the case's scope.
    expect(JSON.stringify(inbox.body)).not.toContain('浙江宁波');
    expect(JSON.stringify(inbox.body)).not.toContain('据邻居说');
    expect(
      await count("audit_events WHERE action = 'referral.read' AND details->'caseIds' ? $1", [caseId]),
    ).toBeGreaterThan(0);

    const civilInbox = await civil.get('/api/referrals?status=offered');
    expect(civilInbox.body.items.map((r: { id: string }) => r.id)).toContain(toCivil.id);
    expect(civilInbox.body.items.map((r: { id: string }) => r.id)).not.toContain(toPolice.id);

    expect((await police.get(`/api/referrals/${toPolice.id}`)).status).toBe(200);
    expect(await count("audit_events WHERE action = 'referral.read' AND entity_id = $1", [toPolice.id])).toBe(
      1,
    );
    // Another department's referral answers like a missing one, and cannot be answered.
    expect((await police.get(`/api/referrals/${toCivil.id}`)).status).toBe(404);
    expect((await police.post(`/api/referrals/${toCivil.id}/accept`, { version: 1 })).status).toBe(404);
  });

  it('gives liaisons nothing else about children, and the inbox to liaisons only', async () => {
    const caseId = await openCase();
    const police = await as('dept.police');
    for (const path of [
      '/api/cases',
      '/api/students',
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/referrals`,
    ]) {
      expect((await police.get(path)).status).toBe(403);
    }
    for (const username of ['bureau.officer', 'admin', 'town.official']) {
      expect((await (await as(username)).get('/api/referrals')).status).toBe(403);
    }
  });

  it('accepts once under concurrency, adding the department as a responsible party', async () => {
    const caseId = await openCase();
    const referral = (await refer(caseId, policeId)).body;
    const police = await as('dept.police');
    const stale = await police.post(`/api/referrals/${referral.id}/accept`, { version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('referral.stale_version');

    const [a, b] = await Promise.all([
      police.post(`/api/referrals/${referral.id}/accept`, { version: 1 }),
      police.post(`/api/referrals/${referral.id}/accept`, { version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const accepted = a.status === 200 ? a.body : b.body;
    expect(accepted).toMatchObject({ status: 'accepted', version: 2, decidedByName: expect.any(String) });
    expect(
      await t.dataSource.query(
        'SELECT party, line, level, organisation_id, active FROM case_responsibles WHERE case_id = $1',
        [caseId],
      ),
    ).toEqual([
      { party: 'department', line: 'government', level: 'county', organisation_id: policeId, active: true },
    ]);
    expect(
      await count("audit_events WHERE action = 'referral.accept' AND entity_id = $1", [referral.id]),
    ).toBe(1);

    const detail = await (await as('bureau.officer')).get(`/api/cases/${caseId}`);
    expect(detail.body.responsibles).toHaveLength(1);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'referral',
      'responsible_assigned',
      'referral',
    ]);
    // Accepting again is illegal now, whatever the version.
    const again = await police.post(`/api/referrals/${referral.id}/accept`, { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('referral.illegal');
  });

  it('records the department’s answer after accepting, on the case timeline', async () => {
    const caseId = await openCase();
    const referral = (await refer(caseId, policeId)).body;
    const police = await as('dept.police');
    const early = await police.post(`/api/referrals/${referral.id}/respond`, {
      version: 1,
      response: '已查明在浙江务工',
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'referral.illegal', details: [{ field: 'status' }] });

    expect((await police.post(`/api/referrals/${referral.id}/accept`, { version: 1 })).status).toBe(200);
    const empty = await police.post(`/api/referrals/${referral.id}/respond`, { version: 2, response: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0]).toMatchObject({ field: 'response', rule: 'required' });
    const answered = await police.post(`/api/referrals/${referral.id}/respond`, {
      version: 2,
      response: '已查明在浙江务工',
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'completed', response: '已查明在浙江务工', version: 3 });

    const officer = await as('bureau.officer');
    const [seen] = (await officer.get(`/api/cases/${caseId}/referrals`)).body;
    expect(seen).toMatchObject({ status: 'completed', response: '已查明在浙江务工' });
    const timeline = (await officer.get(`/api/cases/${caseId}`)).body.timeline;
    expect(timeline.at(-1)).toMatchObject({
      kind: 'referral',
      payload: { action: 'respond_referral', status: 'completed' },
      comment: '已查明在浙江务工',
    });
    expect(
      await count("audit_events WHERE action = 'referral.respond' AND entity_id = $1", [referral.id]),
    ).toBe(1);
  });

  it('declines with a reason; the case may then be referred to the department again', async () => {
    const caseId = await openCase();
    const referral = (await refer(caseId, civilId)).body;
    const noReason = await civil.post(`/api/referrals/${referral.id}/decline`, { version: 1, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', rule: 'required' });
    const declined = await civil.post(`/api/referrals/${referral.id}/decline`, {
      version: 1,
      reason: '不属于民政救助对象',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: '不属于民政救助对象' });
    expect(await count("case_responsibles WHERE case_id = $1 AND party = 'department'", [caseId])).toBe(0);
    expect(
      (await civil.post(`/api/referrals/${referral.id}/respond`, { version: 2, response: 'x' })).status,
    ).toBe(409);
    expect((await refer(caseId, civilId)).status).toBe(201);
  });
});
