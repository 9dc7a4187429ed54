import { randomUUID } from 'node:crypto';
import { caseSettings, chinaToday } from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const TUANLI = '%/370829104/%';
const MAJI = '%/370829108/%';

/** Print views of a case, the audit of reading it, and "who looked at this record". */
describe('case notices and access log', () => {
  let t: TestApp;
  const used: string[] = [];

  const as = (username: string): Promise<TestClient> => t.as(username);
  const daysAgo = (days: number) => chinaToday(new Date(Date.now() - days * DAY_MS));
  const addDays = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> =>
    (await t.dataSource.query(sql, params))[0] as T;

  /** A child with a guardian and a school, no case yet. */
  const student = async (pattern: string): Promise<string> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT s.id FROM students s WHERE s.region_path LIKE $1 AND s.school_id IS NOT NULL
         AND s.region_path <> (SELECT scope_path FROM users WHERE username = 'village.official')
         AND EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($2)) ORDER BY s.id LIMIT 1`,
      [pattern, used],
    );
    used.push(rows[0].id);
    return rows[0].id;
  };
  const open = async (pattern = TUANLI): Promise<{ id: string; studentId: string }> => {
    const studentId = await student(pattern);
    const response = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId,
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'family_hardship',
      otherReasons: ['distance'],
      whereabouts: '随父母外出务工',
    });
    expect(response.status).toBe(201);
    return { id: response.body.id, studentId };
  };
  const record = async (caseId: string, body: Record<string, unknown>): Promise<string> => {
    const response = await (
      await as('bureau.officer')
    ).post(`/api/cases/${caseId}/interventions`, { clientId: randomUUID(), ...body });
    expect(response.status).toBe(201);
    return response.body.id;
  };
  const audits = (entityId: string, action: string) =>
    t.dataSource.query(
      'SELECT actor_username, details FROM audit_events WHERE entity_id = $1 AND action = $2 ORDER BY occurred_at',
      [entityId, action],
    ) as Promise<{ actor_username: string; details: Record<string, unknown> }[]>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('audits reading a case as case.read, without personal data values', async () => {
    const c = await open();
    const town = await as('town.official');
    expect((await town.get(`/api/cases/${c.id}`)).status).toBe(200);
    const [read] = await audits(c.id, 'case.read');
    expect(read).toMatchObject({ actor_username: 'town.official', details: { studentId: c.studentId } });
    const name = (
      await one<{ full_name: string }>('SELECT full_name FROM students WHERE id = $1', [c.studentId])
    ).full_name;
    expect(JSON.stringify(read.details)).not.toContain(name);
    // A refused read (outside scope) leaves no entry.
    const foreign = await open(MAJI);
    expect((await (await as('village.official')).get(`/api/cases/${foreign.id}`)).status).toBe(404);
    expect(await audits(foreign.id, 'case.read')).toEqual([]);
  });

  it('prints the written order of the town government, with the trail up to it', async () => {
    const c = await open();
    await record(c.id, { kind: 'home_visit', occurredOn: daysAgo(10), outcome: 'refuses' });
    const orderId = await record(c.id, {
      kind: 'written_order',
      occurredOn: daysAgo(3),
      orderNumber: '疃政限字〔2026〕1号',
    });
    const officer = await as('bureau.officer');
    const response = await officer.get(`/api/cases/${c.id}/notices/written-order/${orderId}`);
    expect(response.status).toBe(200);
    const s = await one<Record<string, unknown>>(
      'SELECT full_name, sex, birth_date::text AS birth_date, id_number_masked, grade, class_name, region_path, school_id FROM students WHERE id = $1',
      [c.studentId],
    );
    const townPath = String(s['region_path']).split('/').slice(0, 5).join('/') + '/';
    const town = await one<{ id: string; name: string }>(
      "SELECT id, name FROM organisations WHERE type = 'town_government' AND region_path = $1",
      [townPath],
    );
    const school = await one<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [
      s['school_id'],
    ]);
    const village = await one<{ name: string }>('SELECT name FROM regions WHERE path = $1', [
      s['region_path'],
    ]);
    const guardians = await t.dataSource.query(
      'SELECT full_name AS name, relation::text AS relation FROM guardians WHERE student_id = $1 ORDER BY created_at, id',
      [c.studentId],
    );
    expect(response.body).toMatchObject({
      kind: 'written_order',
      caseId: c.id,
      number: '疃政限字〔2026〕1号',
      issuedOn: daysAgo(3),
      deadlineOn: addDays(daysAgo(3), caseSettings().writtenOrderDeadlineDays),
      issuer: town,
      recipients: [],
      student: {
        fullName: s['full_name'],
        sex: s['sex'],
        birthDate: s['birth_date'],
        idNumberMasked: s['id_number_masked'],
        schoolName: school.name,
        grade: s['grade'],
        className: s['class_name'],
      },
      guardians,
      primaryReason: 'family_hardship',
      otherReasons: ['distance'],
      whereabouts: '随父母外出务工',
      interventions: [
        { occurredOn: daysAgo(10), kind: 'home_visit', outcome: 'refuses' },
        { occurredOn: daysAgo(3), kind: 'written_order', outcome: null },
      ],
      persuasionAttempts: 2,
      highestStep: 'written_order',
    });
    expect(response.body.student.householdPlace).toMatch(/^山东省.*疃里镇/);
    expect(response.body.student.householdPlace.endsWith(village.name)).toBe(true);
    expect(response.body.student.idNumberMasked ?? '').not.toMatch(/^\d{17}[\dX]$/);
    expect(await audits(c.id, 'case.notice')).toEqual([
      expect.objectContaining({ details: { kind: 'written_order', interventionId: orderId } }),
    ]);

    // Only a written order of this very case.
    const visit = await one<{ id: string }>(
      "SELECT id FROM case_interventions WHERE case_id = $1 AND kind = 'home_visit'",
      [c.id],
    );
    const other = await open();
    const otherOrder = await record(other.id, { kind: 'written_order', occurredOn: daysAgo(1) });
    for (const interventionId of [visit.id, otherOrder, randomUUID()])
      expect((await officer.get(`/api/cases/${c.id}/notices/written-order/${interventionId}`)).status).toBe(
        404,
      );
    const malformed = await officer.get(`/api/cases/${c.id}/notices/written-order/nope`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0]).toMatchObject({ field: 'interventionId' });
    expect(await audits(c.id, 'case.notice')).toHaveLength(1);
  });

  it("prints the report to the township from the school, else the caller's organisation", async () => {
    const c = await open();
    await record(c.id, { kind: 'phone_call', occurredOn: daysAgo(2) });
    const officer = await as('bureau.officer');
    const response = await officer.get(`/api/cases/${c.id}/notices/township-report`);
    expect(response.status).toBe(200);
    const school = await one<{ id: string; name: string }>(
      'SELECT o.id, o.name FROM organisations o JOIN cases c ON c.school_id = o.id WHERE c.id = $1',
      [c.id],
    );
    const bureau = await one<{ id: string; name: string }>(
      "SELECT id, name FROM organisations WHERE type = 'education_bureau' ORDER BY id LIMIT 1",
    );
    expect(response.body).toMatchObject({
      kind: 'township_report',
      number: null,
      issuedOn: chinaToday(new Date()),
      deadlineOn: null,
      issuer: school,
      interventions: [{ occurredOn: daysAgo(2), kind: 'phone_call', outcome: null }],
      persuasionAttempts: 1,
    });
    expect(response.body.recipients).toHaveLength(2);
    expect(response.body.recipients[0].name).toMatch(/疃里镇人民政府$/);
    expect(response.body.recipients[1]).toEqual(bureau);
    expect(await audits(c.id, 'case.notice')).toEqual([
      expect.objectContaining({ actor_username: 'bureau.officer', details: { kind: 'township_report' } }),
    ]);

    await t.dataSource.query('UPDATE cases SET school_id = NULL WHERE id = $1', [c.id]);
    const own = await one<{ id: string; name: string }>(
      "SELECT o.id, o.name FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE u.username = 'bureau.officer'",
    );
    expect((await officer.get(`/api/cases/${c.id}/notices/township-report`)).body.issuer).toEqual(own);
  });

  it('answers 404 for notices of a case outside the scope', async () => {
    const foreign = await open(MAJI);
    const order = await record(foreign.id, { kind: 'written_order', occurredOn: daysAgo(1) });
    const village = await as('village.official');
    expect((await village.get(`/api/cases/${foreign.id}/notices/township-report`)).status).toBe(404);
    expect((await village.get(`/api/cases/${foreign.id}/notices/written-order/${order}`)).status).toBe(404);
    expect(await audits(foreign.id, 'case.notice')).toEqual([]);
  });

  it('shows who looked at the record: reads, reveals, notices and writes about the case or its child', async () => {
    const c = await open();
    const officer = await as('bureau.officer');
    const town = await as('town.official');
    expect((await town.get(`/api/cases/${c.id}`)).status).toBe(200);
    expect((await town.get(`/api/students/${c.studentId}`)).status).toBe(200);
    const reveal = await officer.post(`/api/students/${c.studentId}/reveal`, { reason: '核对户籍信息' });
    expect(reveal.status).toBe(200);
    expect((await officer.get(`/api/cases/${c.id}/notices/township-report`)).status).toBe(200);
    // Another case's reads do not show.
    const other = await open();
    expect((await town.get(`/api/cases/${other.id}`)).status).toBe(200);

    const response = await officer.get(`/api/cases/${c.id}/access-log?pageSize=100`);
    expect(response.status).toBe(200);
    const actions = response.body.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 4)).toEqual(['case.notice', 'student.reveal', 'student.read', 'case.read']);
    expect(actions).toContain('case.open');
    const expected = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE (entity_type = 'case' AND entity_id = $1)
         OR (entity_type = 'student' AND entity_id = $2)`,
      [c.id, c.studentId],
    );
    expect(response.body.total).toBe(expected.n);
    const townName = (
      await one<{ display_name: string }>("SELECT display_name FROM users WHERE username = 'town.official'")
    ).display_name;
    expect(response.body.items[3]).toMatchObject({
      action: 'case.read',
      actorName: townName,
      actorRole: 'government_official',
      clientAddress: expect.any(String),
    });
    expect(response.body.items[1]).toMatchObject({ action: 'student.reveal', reason: '核对户籍信息' });
    const times = response.body.items.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const paged = await officer.get(`/api/cases/${c.id}/access-log?page=2&pageSize=2`);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, total: expected.n });
    expect(paged.body.items.map((e: { id: string }) => e.id)).toEqual(
      response.body.items.slice(2, 4).map((e: { id: string }) => e.id),
    );

    // audit.read only; outside the scope it answers like a missing case.
    expect((await town.get(`/api/cases/${c.id}/access-log`)).status).toBe(403);
    expect((await officer.get(`/api/cases/${randomUUID()}/access-log`)).status).toBe(404);
    await t.dataSource.query(
      "UPDATE cases SET region_path = '/37/3701/370102/', school_region_path = '/37/3701/370102/' WHERE id = $1",
      [other.id],
    );
    expect((await officer.get(`/api/cases/${other.id}/access-log`)).status).toBe(404);
  });
});
