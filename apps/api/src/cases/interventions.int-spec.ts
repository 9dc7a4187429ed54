import { randomUUID } from 'node:crypto';
import { caseSettings, chinaToday } from '@baoxue/domain';
import { openCase as openCaseAs, studentPicker } from '../../test/case-fixtures';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const TUANLI = '%/370829104/%';
const MAJI = '%/370829108/%';

/** Interventions (帮扶·劝返记录) and "my cases" through the real API and PostgreSQL. */
describe('case interventions', () => {
  let t: TestApp;
  let teacherSchoolId: string;
  let villageScope: string;

  const as = (username: string): Promise<TestClient> => t.as(username);
  const userId = async (username: string): Promise<string> =>
    (await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username]))[0].id;

  /** A child with a guardian and no case yet, matching `where`. */
  const student = studentPicker(() => t, ['EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)']);
  const tuanliStudent = () => student('s.region_path LIKE $1 AND s.school_id IS NOT NULL', [TUANLI]);

  const openCase = (studentId: string): Promise<string> => openCaseAs(t, studentId);

  /** A case taken through the API to `persuading`, with a responsible person on each line. */
  const persuadingCase = async (studentId: string, governmentUserId?: string): Promise<string> => {
    const officer = await as('bureau.officer');
    const id = await openCase(studentId);
    expect(
      (await officer.post(`/api/cases/${id}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(200);
    const gov = await officer.post(`/api/cases/${id}/responsibles`, {
      name: '张村主任',
      party: 'village',
      line: 'government',
      level: 'village',
      ...(governmentUserId ? { userId: governmentUserId } : {}),
    });
    expect(gov.status).toBe(201);
    const edu = await officer.post(`/api/cases/${id}/responsibles`, {
      name: '李老师',
      party: 'school',
      line: 'education',
      level: 'class',
    });
    expect(edu.status).toBe(201);
    const confirmed = await officer.post(`/api/cases/${id}/transitions/confirm_dropout`, { version: 2 });
    expect(confirmed.status).toBe(200);
    return id;
  };

  const caseRow = async (id: string) =>
    (await t.dataSource.query('SELECT * FROM cases WHERE id = $1', [id]))[0] as Record<string, unknown>;
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  const today = () => chinaToday(new Date());
  const daysAgo = (n: number) => chinaToday(new Date(Date.now() - n * DAY_MS));
  const visit = (extra: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    kind: 'home_visit',
    occurredOn: daysAgo(1),
    peoplePresent: '村主任、班主任、父亲',
    outcome: 'willing_to_return',
    notes: '家长同意下周一送孩子返校',
    nextFollowUpOn: today(),
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    teacherSchoolId = (
      await t.dataSource.query("SELECT scope_school_id FROM users WHERE username = 'school.teacher'")
    )[0].scope_school_id;
    villageScope = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
  });
  afterAll(() => t.close());

  it('records once per clientId: a resend answers 200 with the same record and changes nothing', async () => {
    const id = await persuadingCase(await tuanliStudent());
    const officer = await as('bureau.officer');
    const body = visit();
    const first = await officer.post(`/api/cases/${id}/interventions`, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      caseId: id,
      clientId: body.clientId,
      kind: 'home_visit',
      occurredOn: body.occurredOn,
      outcome: 'willing_to_return',
      nextFollowUpOn: body.nextFollowUpOn,
      orderNumber: null,
      deadlineOn: null,
    });
    const before = await caseRow(id);
    expect(before).toMatchObject({ persuasion_attempts: 1, highest_step: 'visit_or_call', version: 3 });

    const again = await officer.post(`/api/cases/${id}/interventions`, { ...body, notes: '重发' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await caseRow(id)).toEqual(before);
    expect(await count('case_interventions WHERE case_id = $1', [id])).toBe(1);
    expect(await count("case_events WHERE case_id = $1 AND kind = 'intervention'", [id])).toBe(1);
    expect(await count("audit_events WHERE entity_id = $1 AND action = 'case.intervention'", [id])).toBe(1);

    // The timeline shows it, with codes and dates only.
    const detail = await officer.get(`/api/cases/${id}`);
    const entry = detail.body.timeline.find((e: { kind: string }) => e.kind === 'intervention');
    expect(entry.payload).toMatchObject({
      interventionId: first.body.id,
      kind: 'home_visit',
      step: 'visit_or_call',
    });
    expect(JSON.stringify(detail.body.timeline)).not.toContain('家长同意');
    expect(JSON.stringify(detail.body.timeline)).not.toContain('父亲');
    expect(detail.body).toMatchObject({ persuasionAttempts: 1, highestStep: 'visit_or_call', version: 3 });
  });

  it('records exactly once when the same clientId is sent concurrently', async () => {
    const id = await persuadingCase(await tuanliStudent());
    const officer = await as('bureau.officer');
    const body = visit({ kind: 'phone_call' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => officer.post(`/api/cases/${id}/interventions`, body)),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await count('case_interventions WHERE case_id = $1', [id])).toBe(1);
    expect(await count("case_events WHERE case_id = $1 AND kind = 'intervention'", [id])).toBe(1);
    expect(await caseRow(id)).toMatchObject({
      persuasion_attempts: 1,
      highest_step: 'visit_or_call',
      version: 3,
    });

    // Different clientIds at once are all kept, each counted once.
    const distinct = await Promise.all(
      Array.from({ length: 4 }, () => officer.post(`/api/cases/${id}/interventions`, visit())),
    );
    expect(distinct.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await caseRow(id)).toMatchObject({ persuasion_attempts: 5, version: 3 });
  });

  it('climbs the ladder, counts persuasion and makes the closing guard satisfiable', async () => {
    const id = await persuadingCase(await tuanliStudent());
    const officer = await as('bureau.officer');
    const support = await officer.post(`/api/cases/${id}/interventions`, visit({ kind: 'subsidy' }));
    expect(support.status).toBe(201);
    expect(await caseRow(id)).toMatchObject({ persuasion_attempts: 0, highest_step: null });

    const served = daysAgo(2);
    const order = await officer.post(`/api/cases/${id}/interventions`, {
      clientId: randomUUID(),
      kind: 'written_order',
      occurredOn: served,
      orderNumber: '金教限字〔2026〕第012号',
      nextFollowUpOn: today(),
    });
    expect(order.status).toBe(201);
    const deadline = new Date(
      Date.parse(`${served}T00:00:00Z`) + caseSettings().writtenOrderDeadlineDays * DAY_MS,
    )
      .toISOString()
      .slice(0, 10);
    expect(order.body).toMatchObject({
      servedOn: served,
      deadlineOn: deadline,
      orderNumber: '金教限字〔2026〕第012号',
    });
    // A lower rung afterwards never lowers the highest step.
    expect((await officer.post(`/api/cases/${id}/interventions`, visit())).status).toBe(201);
    expect(await caseRow(id)).toMatchObject({
      persuasion_attempts: 2,
      highest_step: 'written_order',
      version: 3,
    });

    const list = await officer.get(`/api/cases/${id}/interventions`);
    expect(list.status).toBe(200);
    // Newest first: by the day it happened, then by when it was recorded.
    expect(list.body.map((i: { kind: string }) => i.kind)).toEqual([
      'home_visit',
      'subsidy',
      'written_order',
    ]);

    const returned = await officer.post(`/api/cases/${id}/transitions/record_return`, {
      version: 3,
      returnSchoolId: teacherSchoolId,
      returnDate: daysAgo(1),
      returnMode: 'original_class',
    });
    expect(returned.status).toBe(200);
    t.clock.advance(95 * DAY_MS);
    try {
      const later = t.client();
      await later.login('bureau.officer');
      const requested = await later.post(`/api/cases/${id}/transitions/request_closing`, { version: 4 });
      expect(requested.status).toBe(200);
      expect(requested.body).toMatchObject({ closingRequested: true, persuasionAttempts: 2 });
    } finally {
      t.clock.reset();
    }
  });

  it('refuses an intervention on a closed or excluded case with 409', async () => {
    const officer = await as('bureau.officer');
    for (const state of ['closed', 'excluded']) {
      const id = await openCase(await tuanliStudent());
      await t.dataSource.query(
        `UPDATE cases SET state = $2::case_state, closed_at = CASE WHEN $2 = 'closed' THEN now() END WHERE id = $1`,
        [id, state],
      );
      const response = await officer.post(`/api/cases/${id}/interventions`, visit());
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('case.not_open');
      expect(await count('case_interventions WHERE case_id = $1', [id])).toBe(0);
    }
  });

  it('validates input, naming the field', async () => {
    const id = await openCase(await tuanliStudent());
    const officer = await as('bureau.officer');
    const future = await officer.post(`/api/cases/${id}/interventions`, visit({ occurredOn: daysAgo(-3) }));
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([
      expect.objectContaining({ field: 'occurredOn', rule: 'not_future' }),
    ]);

    const bad = await officer.post(`/api/cases/${id}/interventions`, {
      ...visit(),
      clientId: 'not-a-uuid',
      kind: 'scolding',
      occurredOn: '2026-02-30',
      outcome: '家长不配合',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
      'clientId',
      'extra',
      'kind',
      'occurredOn',
      'outcome',
    ]);

    const orderOnly = await officer.post(`/api/cases/${id}/interventions`, visit({ orderNumber: '第1号' }));
    expect(orderOnly.status).toBe(400);
    expect(orderOnly.body.details).toEqual([
      expect.objectContaining({ field: 'orderNumber', rule: 'writtenOrderOnly' }),
    ]);
    const backwards = await officer.post(
      `/api/cases/${id}/interventions`,
      visit({ occurredOn: daysAgo(1), nextFollowUpOn: daysAgo(3) }),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0]).toMatchObject({ field: 'nextFollowUpOn' });
    expect(await count('case_interventions WHERE case_id = $1', [id])).toBe(0);
  });

  it('answers 404 outside scope and 403 to roles that may not act', async () => {
    const foreign = await openCase(
      await student('s.region_path LIKE $1 AND s.school_region_path NOT LIKE $2', [MAJI, TUANLI]),
    );
    const village = await as('village.official');
    expect((await village.post(`/api/cases/${foreign}/interventions`, visit())).status).toBe(404);
    expect((await village.get(`/api/cases/${foreign}/interventions`)).status).toBe(404);

    const own = await openCase(await tuanliStudent());
    for (const username of ['admin', 'dept.police']) {
      const refused = await (await as(username)).post(`/api/cases/${own}/interventions`, visit());
      expect(refused.status).toBe(403);
    }
    expect(await count('case_interventions WHERE case_id = ANY($1)', [[foreign, own]])).toBe(0);
    expect((await village.get('/api/cases/not-a-uuid/interventions')).status).toBe(400);
  });

  it('lists in "my cases" only what the caller is a responsible person on', async () => {
    const me = await userId('village.official');
    const village = await as('village.official');
    const mine = await village.get('/api/cases/mine?pageSize=100');
    expect(mine.status).toBe(200);
    // Children at a school in the village but with their 户籍 elsewhere: visible, nobody named automatically.
    const schoolOnly = () =>
      student('s.school_region_path LIKE $1 AND s.region_path NOT LIKE $1', [`${villageScope}%`]);
    const unassigned = await persuadingCase(await schoolOnly());
    const assigned = await persuadingCase(await schoolOnly(), me);
    const quiet = await openCase(await schoolOnly());
    // A child of the village: its village official is named when the case opens.
    const automatic = await openCase(await student('s.region_path LIKE $1', [`${villageScope}%`]));

    let response = await village.get('/api/cases/mine?pageSize=100');
    let ids = response.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(assigned);
    expect(ids).toContain(automatic);
    expect(ids).not.toContain(unassigned);
    expect(ids).not.toContain(quiet);
    expect((await village.get(`/api/cases/${quiet}`)).status).toBe(200);

    // Assigned afterwards: listed from then on.
    expect(
      (
        await (
          await as('bureau.officer')
        ).post(`/api/cases/${quiet}/responsibles`, {
          name: '张村主任',
          party: 'village',
          line: 'government',
          level: 'village',
          userId: me,
        })
      ).status,
    ).toBe(201);
    const later = today();
    expect(
      (await village.post(`/api/cases/${assigned}/interventions`, visit({ nextFollowUpOn: later }))).status,
    ).toBe(201);
    expect(
      (
        await village.post(
          `/api/cases/${quiet}/interventions`,
          visit({ occurredOn: daysAgo(30), nextFollowUpOn: daysAgo(20) }),
        )
      ).status,
    ).toBe(201);

    response = await village.get('/api/cases/mine?pageSize=100');
    expect(response.status).toBe(200);
    ids = response.body.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([assigned, quiet]));
    expect(ids.indexOf(quiet)).toBeLessThan(ids.indexOf(assigned));
    const item = response.body.items.find((c: { id: string }) => c.id === quiet);
    expect(item).toMatchObject({
      state: 'suspected',
      nextFollowUpOn: daysAgo(20),
      lastInterventionOn: daysAgo(30),
    });
    expect(item.student.fullName).toEqual(expect.any(String));
    expect(item.student.idNumberMasked ?? '').not.toMatch(/^\d{17}[\dX]$/);
    expect(response.body.total).toBe(response.body.items.length);

    // Another user sees none of these; a closed case drops out.
    const teacherMine = (await (await as('school.teacher')).get('/api/cases/mine')).body.items.map(
      (c: { id: string }) => c.id,
    );
    expect(teacherMine).not.toContain(assigned);
    await t.dataSource.query("UPDATE cases SET state = 'closed', closed_at = now() WHERE id = $1", [
      assigned,
    ]);
    ids = (await village.get('/api/cases/mine?pageSize=100')).body.items.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(assigned);
    expect(ids).toContain(quiet);
    expect((await village.get('/api/cases/mine?pageSize=500')).status).toBe(400);
  });

  it("records the party that acted: named, or the one the recorder's role acts for", async () => {
    const id = await openCase(await student('s.region_path LIKE $1', [`${villageScope}%`]));
    const officer = await as('bureau.officer');
    const village = await as('village.official');

    const byBureau = await officer.post(`/api/cases/${id}/interventions`, visit());
    expect(byBureau.status).toBe(201);
    // The bureau acts for the education line: 学校保.
    expect(byBureau.body).toMatchObject({ party: 'school', photos: [] });
    const byVillage = await village.post(`/api/cases/${id}/interventions`, visit());
    expect(byVillage.body.party).toBe('village');
    const named = await village.post(`/api/cases/${id}/interventions`, visit({ party: 'parent' }));
    expect(named.status).toBe(201);
    expect(named.body.party).toBe('parent');

    const bad = await officer.post(`/api/cases/${id}/interventions`, visit({ party: 'family' }));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'party', rule: 'isIn' });

    const listed = (await officer.get(`/api/cases/${id}/interventions`)).body as {
      id: string;
      party: string;
    }[];
    expect(Object.fromEntries(listed.map((i) => [i.id, i.party]))).toEqual({
      [byBureau.body.id]: 'school',
      [byVillage.body.id]: 'village',
      [named.body.id]: 'parent',
    });
    const [stored] = await t.dataSource.query('SELECT party FROM case_interventions WHERE id = $1', [
      named.body.id,
    ]);
    expect(stored.party).toBe('parent');
    const [audit] = await t.dataSource.query(
      "SELECT details FROM audit_events WHERE action = 'case.intervention' AND details->>'interventionId' = $1",
      [named.body.id],
    );
    expect(audit.details.party).toBe('parent');
  });
});
