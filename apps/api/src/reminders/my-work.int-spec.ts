import { addDays, chinaToday } from '@baoxue/domain';
import { openBareCase } from '../../test/bare-case';
import { createTestApp, TestApp } from '../../test/test-app';
import { myWorkQuery, WORK_LIST_LIMIT } from './my-work.query';

const VILLAGE = '/37/3708/Z370800001/370829104/370829104209/';
const MAJI = '%/370829108/%';

interface Item {
  id: string;
  kind: string;
  dueOn: string;
  daysOverdue: number;
  overdue: boolean;
  stage: string | null;
  role: string;
  case: { id: string; studentName: string; state: string } | null;
  school: { id: string; name: string } | null;
  link: string;
}

/** GET /api/work ("my work") through the real API and PostgreSQL. */
describe('my work', () => {
  let t: TestApp;
  let today: string;
  const ids: Record<string, string> = {};
  const userId = async (username: string): Promise<string> =>
    (await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username]))[0].id;

  /** A case opened through the API; its derived items and responsibles are replaced by the test's own. */
  const openCase = (studentWhere: string, param: string) => openBareCase(t, studentWhere, [param]);

  const responsible = (caseId: string, user: string | null, active = true) =>
    t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, user_id, name, party, line, level, active)
       VALUES ($1, $2, '负责人', 'village', 'government', 'village', $3) RETURNING id`,
      [caseId, user, active],
    );

  const item = async (
    subject: { caseId?: string; schoolId?: string },
    dueOffset: number,
    options: { status?: string; nextStage?: string | null; kind?: string; path?: string } = {},
  ): Promise<string> => {
    const dueOn = addDays(today, dueOffset);
    const kind = options.kind ?? (subject.caseId ? 'follow_up' : 'school_report');
    const [row]: { id: string }[] = await t.dataSource.query(
      `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, next_stage, case_id, school_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        `test:${subject.caseId ?? subject.schoolId}:${kind}:${dueOn}:${Math.random()}`,
        kind,
        dueOn.slice(0, 7),
        dueOn,
        options.path ?? VILLAGE,
        options.status ?? 'pending',
        options.nextStage === undefined ? 'due' : options.nextStage,
        subject.caseId ?? null,
        subject.schoolId ?? null,
      ],
    );
    return row.id;
  };

  const escalation = (dueItemId: string, caseId: string | null, recipient: string, kind = 'escalation') =>
    t.dataSource.query(
      `INSERT INTO notifications (dedupe_key, kind, stage, title, body, link, due_item_id, case_id, recipient_user_id)
       VALUES ($1, $2, 'next_level', '逾期', '逾期', NULL, $3, $4, $5)`,
      [`test:${dueItemId}:${recipient}:${kind}`, kind, dueItemId, caseId, recipient],
    );

  const work = async (username: string, query = ''): Promise<{ overdue: Item[]; upcoming: Item[] }> => {
    const response = await (await t.as(username)).get(`/api/work${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  let villageCase: { id: string; name: string };
  let majiCase: { id: string; name: string };
  let schoolId: string;
  let otherSchoolId: string;

  beforeAll(async () => {
    t = await createTestApp();
    today = chinaToday(t.clock.now());
    for (const name of ['village.official', 'town.official', 'school.teacher', 'bureau.officer'])
      ids[name] = await userId(name);
    villageCase = await openCase('s.region_path = $1', VILLAGE);
    majiCase = await openCase('s.region_path LIKE $1', MAJI);
    schoolId = (
      await t.dataSource.query("SELECT scope_school_id FROM users WHERE username = 'school.teacher'")
    )[0].scope_school_id;
    otherSchoolId = (
      await t.dataSource.query("SELECT id FROM organisations WHERE type = 'school' AND id <> $1 LIMIT 1", [
        schoolId,
      ])
    )[0].id;
  });
  afterAll(() => t.close());

  it("lists a responsible person's pending items: overdue oldest first, upcoming soonest first", async () => {
    await responsible(villageCase.id, ids['village.official']);
    const overdue3 = await item({ caseId: villageCase.id }, -3, { nextStage: 'next_level' });
    const overdue1 = await item({ caseId: villageCase.id }, -1, { nextStage: 'due', kind: 'verification' });
    const dueToday = await item({ caseId: villageCase.id }, 0);
    const inTen = await item({ caseId: villageCase.id }, 10, { kind: 'written_order' });
    const inTwenty = await item({ caseId: villageCase.id }, 20, { kind: 'monitoring_check_in' });
    await item({ caseId: villageCase.id }, -2, { status: 'done', nextStage: null });
    await item({ caseId: villageCase.id }, 1, { status: 'cancelled', nextStage: null });

    const list = await work('village.official');
    expect(list.overdue.map((i) => i.id)).toEqual([overdue3, overdue1]);
    expect(list.upcoming.map((i) => i.id)).toEqual([dueToday, inTen]);
    expect(list.overdue[0]).toEqual({
      id: overdue3,
      kind: 'follow_up',
      dueOn: addDays(today, -3),
      daysOverdue: 3,
      overdue: true,
      stage: 'due',
      role: 'responsible',
      case: { id: villageCase.id, studentName: `${[...villageCase.name][0]}*`, state: 'suspected' },
      school: null,
      link: `/cases/${villageCase.id}`,
    });
    expect(list.overdue[1]).toMatchObject({ daysOverdue: 1, stage: null, kind: 'verification' });
    expect(list.upcoming[0]).toMatchObject({ daysOverdue: 0, overdue: false, stage: null });
    expect(list.upcoming[1]).toMatchObject({ daysOverdue: -10, kind: 'written_order' });

    const wider = await work('village.official', '?days=30');
    expect(wider.upcoming.map((i) => i.id)).toEqual([dueToday, inTen, inTwenty]);
    const todayOnly = await work('village.official', '?days=0');
    expect(todayOnly.upcoming.map((i) => i.id)).toEqual([dueToday]);

    // The child's full name never leaves: only the family name and one star.
    const raw = JSON.stringify(await work('village.official', '?days=30'));
    expect(raw).not.toContain(villageCase.name);
  });

  it('shows an escalated item to whom it was escalated, within their scope only', async () => {
    const escalated = await item({ caseId: villageCase.id }, -5, { nextStage: 'second_level' });
    await escalation(escalated, villageCase.id, ids['town.official']);
    // A due-day reminder to someone no longer responsible does not keep the item on their list.
    const reminded = await item({ caseId: villageCase.id }, -4);
    await escalation(reminded, villageCase.id, ids['town.official'], 'reminder');
    // Escalated to the town official, but the case lies outside the town: never listed.
    const outside = await item({ caseId: majiCase.id }, -6, { path: '/37/3708/Z370800001/370829108/' });
    await escalation(outside, majiCase.id, ids['town.official']);

    const list = await work('town.official');
    expect(list.overdue.map((i) => i.id)).toEqual([escalated]);
    expect(list.overdue[0]).toMatchObject({ role: 'escalated', stage: 'next_level', daysOverdue: 5 });
    expect(list.upcoming).toEqual([]);

    // Escalated to someone who is also responsible: listed once, as responsible.
    await escalation(escalated, villageCase.id, ids['village.official']);
    const mine = (await work('village.official')).overdue.filter((i) => i.id === escalated);
    expect(mine).toEqual([expect.objectContaining({ role: 'responsible' })]);
  });

  it('drops the items of a case whose responsible person was replaced', async () => {
    const own = await openCase('s.region_path = $1', VILLAGE);
    const [{ id: responsibleId }] = await responsible(own.id, ids['village.official']);
    const due = await item({ caseId: own.id }, 2);
    expect((await work('village.official')).upcoming.map((i) => i.id)).toContain(due);
    await t.dataSource.query('UPDATE case_responsibles SET active = false WHERE id = $1', [responsibleId]);
    expect((await work('village.official')).upcoming.map((i) => i.id)).not.toContain(due);
  });

  it("lists the school's monthly reports to its staff, and no other school's", async () => {
    const report = await item({ schoolId }, 5, { path: VILLAGE });
    const late = await item({ schoolId }, -30, { path: VILLAGE, nextStage: null });
    await item({ schoolId: otherSchoolId }, 5, { path: '/37/3708/Z370800001/370829108/' });

    for (const username of ['school.teacher', 'school.principal']) {
      const list = await work(username);
      expect(list.upcoming.map((i) => i.id)).toEqual([report]);
      expect(list.overdue.map((i) => i.id)).toEqual([late]);
      expect(list.upcoming[0]).toMatchObject({
        kind: 'school_report',
        role: 'responsible',
        case: null,
        school: { id: schoolId },
        link: '/work',
      });
      // Every stage has fired: it has reached the bureau leader.
      expect(list.overdue[0].stage).toBe('bureau_leader');
    }
    // The bureau officer is not the school: nothing until an escalation names them.
    expect((await work('bureau.officer')).upcoming.map((i) => i.id)).not.toContain(report);
    await escalation(late, null, ids['bureau.officer']);
    const officer = await work('bureau.officer');
    expect(officer.overdue.find((i) => i.id === late)).toMatchObject({ role: 'escalated' });
  });

  it("puts a new case's derived verification on its responsible person's list", async () => {
    const [student]: { id: string }[] = await t.dataSource.query(
      `SELECT s.id FROM students s
        WHERE s.region_path = $1 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
        ORDER BY s.id LIMIT 1`,
      [VILLAGE],
    );
    const officer = await t.as('bureau.officer');
    const opened = await officer.post('/api/cases', {
      studentId: student.id,
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'family_hardship',
    });
    expect(opened.status).toBe(201);
    const assigned = await officer.post(`/api/cases/${opened.body.id}/responsibles`, {
      name: '村干部',
      party: 'village',
      line: 'government',
      level: 'village',
      userId: ids['village.official'],
    });
    expect(assigned.status).toBe(201);
    const items = (await work('village.official')).upcoming.filter((i) => i.case?.id === opened.body.id);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'verification', role: 'responsible', stage: null, overdue: false }),
    ]);
    expect(items[0].dueOn > today).toBe(true);
  });

  it('refuses a bad horizon, naming the field and rule', async () => {
    const client = await t.as('village.official');
    const words = await client.get('/api/work?days=abc');
    expect(words.status).toBe(400);
    expect(words.body.details).toEqual([expect.objectContaining({ field: 'days', rule: 'isInt' })]);
    const far = await client.get('/api/work?days=91');
    expect(far.status).toBe(400);
    expect(far.body.details).toEqual([expect.objectContaining({ field: 'days', rule: 'max' })]);
    expect((await t.client().get('/api/work')).status).toBe(401);
  });

  it('stays an index lookup with 100,000 items, and caps each list at its limit', async () => {
    // 100,000 items of other schools, and more overdue ones of the teacher's school than a list holds.
    await t.dataSource.query(
      `WITH schools AS (
         SELECT array_agg(id) AS ids FROM (
           SELECT id FROM organisations WHERE type = 'school' AND id <> $3 ORDER BY id LIMIT 20) s
       )
       INSERT INTO due_items (key, kind, ref, due_on, region_path, next_stage, school_id)
       SELECT 'bulk:' || g, 'school_report', 'r' || g, $1::date - (g % 400), $2, 'due',
              schools.ids[1 + g % cardinality(schools.ids)]
         FROM generate_series(1, 100000) g, schools`,
      [today, '/37/3708/Z370800001/370829108/', schoolId],
    );
    await t.dataSource.query(
      `INSERT INTO due_items (key, kind, ref, due_on, region_path, next_stage, school_id)
       SELECT 'own:' || g, 'school_report', 'o' || g, $1::date - 1 - (g % 300), $2, 'due', $3
         FROM generate_series(1, ${WORK_LIST_LIMIT + 100}) g`,
      [today, VILLAGE, schoolId],
    );
    await t.dataSource.query('ANALYZE due_items');

    const [{ n: overdueOfSchool }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM due_items WHERE school_id = $1 AND status = 'pending' AND due_on < $2",
      [schoolId, today],
    );
    expect(overdueOfSchool).toBeGreaterThan(WORK_LIST_LIMIT);
    const list = (await (await t.as('school.teacher')).get('/api/work')).body;
    expect(list.overdue).toHaveLength(WORK_LIST_LIMIT);
    expect(list.overdueTotal).toBe(overdueOfSchool);
    const dues = list.overdue.map((i: Item) => i.dueOn);
    expect([...dues].sort()).toEqual(dues);

    for (const username of ['village.official', 'school.teacher', 'town.official']) {
      const [user] = await t.dataSource.query(
        'SELECT id, role, scope_path AS "scopePath", organisation_id AS "organisationId", scope_school_id AS "scopeSchoolId" FROM users WHERE username = $1',
        [username],
      );
      const [sql, params] = myWorkQuery(t.dataSource.manager, user, today, 14);
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = await t.dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      // No pass over the whole items table: each source goes through an index.
      expect(seqScannedRelations(plan.Plan)).not.toContain('due_items');
      expect(plan['Execution Time']).toBeLessThan(500);
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScannedRelations(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScannedRelations)];
}
