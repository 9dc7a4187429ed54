import { openCase as openCaseAs, studentPicker } from '../../test/case-fixtures';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

const MAJI = '%/370829108/%';
const TUANLI = '%/370829104/%';

/** PATCH /api/cases/:id — the plan's free-text fields, with optimistic locking, through the real API. */
describe('case field edits', () => {
  let t: TestApp;
  let villagePath: string;

  const as = (username: string): Promise<TestClient> => t.as(username);

  const student = studentPicker(() => t);
  const villageStudent = () => student('s.region_path = $1', [villagePath]);

  const openCase = (studentId: string, extra: Record<string, unknown> = {}): Promise<string> =>
    openCaseAs(t, studentId, extra);

  const caseRow = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT version, whereabouts, plan, reason_note, updated_at FROM cases WHERE id = $1',
        [id],
      )
    )[0] as {
      version: number;
      whereabouts: string | null;
      plan: string | null;
      reason_note: string | null;
      updated_at: Date;
    };
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    villagePath = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
  });
  afterAll(() => t.close());

  it('changes only the fields given, clears with null, bumps the version and records field names only', async () => {
    const id = await openCase(await villageStudent(), {
      whereabouts: '在家',
      plan: '班主任每周家访',
      reasonNote: '家庭困难',
    });
    const official = await as('village.official');
    const response = await official.patch(`/api/cases/${id}`, {
      version: 1,
      whereabouts: '  随父亲在济宁市打工  ',
      reasonNote: null,
    });
    expect(response.status).toBe(200);
    // The answer is the whole case, as GET /api/cases/:id gives it.
    expect(response.body).toMatchObject({
      id,
      version: 2,
      whereabouts: '随父亲在济宁市打工',
      plan: '班主任每周家访',
      reasonNote: null,
    });
    expect(Array.isArray(response.body.allowedTransitions)).toBe(true);
    expect(await caseRow(id)).toMatchObject({
      version: 2,
      whereabouts: '随父亲在济宁市打工',
      plan: '班主任每周家访',
      reason_note: null,
    });

    const entry = response.body.timeline.find((e: { kind: string }) => e.kind === 'fields_updated');
    expect(entry.payload).toEqual({ fields: ['whereabouts', 'reasonNote'] });
    expect(JSON.stringify(response.body.timeline)).not.toContain('济宁市打工');
    const [audit] = await t.dataSource.query(
      "SELECT details, actor_username FROM audit_events WHERE entity_id = $1 AND action = 'case.fields_update'",
      [id],
    );
    expect(audit).toMatchObject({
      actor_username: 'village.official',
      details: { fields: ['whereabouts', 'reasonNote'], fromVersion: 1, toVersion: 2 },
    });
    expect(JSON.stringify(audit)).not.toContain('济宁');

    // An empty text clears as null does.
    const cleared = await official.patch(`/api/cases/${id}`, { version: 2, plan: '   ' });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ version: 3, plan: null });
  });

  it('answers an edit that changes nothing with 200 and no new version, even from a stale version', async () => {
    const id = await openCase(await villageStudent(), { whereabouts: '在家', plan: '每周家访' });
    const official = await as('village.official');
    const events = () => count("case_events WHERE case_id = $1 AND kind = 'fields_updated'", [id]);

    const same = await official.patch(`/api/cases/${id}`, { version: 1, whereabouts: '在家' });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect(await events()).toBe(0);

    const edited = await official.patch(`/api/cases/${id}`, { version: 1, plan: '每周两次家访' });
    expect(edited.body.version).toBe(2);
    // The same edit resent after a lost answer: its version is stale now, but nothing would change.
    const resent = await official.patch(`/api/cases/${id}`, { version: 1, plan: '每周两次家访' });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ version: 2, plan: '每周两次家访' });
    expect(await events()).toBe(1);
    expect((await caseRow(id)).version).toBe(2);
  });

  it('refuses a stale edit with 409 and the server values, changing nothing', async () => {
    const id = await openCase(await villageStudent(), { plan: '原方案' });
    const official = await as('village.official');
    const officer = await as('bureau.officer');
    expect((await officer.patch(`/api/cases/${id}`, { version: 1, plan: '教育局修订方案' })).status).toBe(
      200,
    );
    const before = await caseRow(id);

    const stale = await official.patch(`/api/cases/${id}`, {
      version: 1,
      plan: '村里的方案',
      whereabouts: '外出',
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: expect.any(String),
      code: 'case.version_conflict',
      current: {
        version: 2,
        updatedAt: before.updated_at.toISOString(),
        whereabouts: null,
        plan: '教育局修订方案',
        reasonNote: null,
      },
    });
    expect(await caseRow(id)).toEqual(before);
  });

  it('lets exactly one of two concurrent edits from the same version win; the other sees the winner', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await openCase(await villageStudent());
      const official = await as('village.official');
      const officer = await as('bureau.officer');
      const [a, b] = await Promise.all([
        official.patch(`/api/cases/${id}`, { version: 1, whereabouts: '村里说：在济宁打工', plan: '村方案' }),
        officer.patch(`/api/cases/${id}`, { version: 1, whereabouts: '学校说：在亲戚家', plan: '校方案' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      expect(winner.body.version).toBe(2);
      expect(loser.body.code).toBe('case.version_conflict');
      expect(loser.body.current).toMatchObject({
        version: 2,
        whereabouts: winner.body.whereabouts,
        plan: winner.body.plan,
        reasonNote: null,
      });
      expect(await caseRow(id)).toMatchObject({
        version: 2,
        whereabouts: winner.body.whereabouts,
        plan: winner.body.plan,
      });
      expect(await count("case_events WHERE case_id = $1 AND kind = 'fields_updated'", [id])).toBe(1);
    }
  });

  it('answers bad input with 400 naming the field and the rule', async () => {
    const id = await openCase(await villageStudent());
    const official = await as('village.official');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ version: 1, plan: 'x'.repeat(4001) }, 'plan', 'maxLength'],
      [{ version: 1, whereabouts: 'x'.repeat(501) }, 'whereabouts', 'maxLength'],
      [{ version: 1, reasonNote: 'x'.repeat(1001) }, 'reasonNote', 'maxLength'],
      [{ version: 1, whereabouts: 42 }, 'whereabouts', 'isString'],
      [{ plan: '方案' }, 'version', 'isInt'],
      [{ version: 0, plan: '方案' }, 'version', 'min'],
      [{ version: 1, state: 'closed' }, 'state', 'whitelist'],
      [{ version: 1 }, 'whereabouts,plan,reasonNote', 'atLeastOneField'],
    ];
    for (const [body, field, rule] of cases) {
      const response = await official.patch(`/api/cases/${id}`, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.details).toContainEqual(expect.objectContaining({ field, rule }));
    }
    expect((await official.patch('/api/cases/not-a-uuid', { version: 1, plan: 'x' })).status).toBe(400);
    expect((await caseRow(id)).version).toBe(1);
  });

  it('answers 404 outside the scope, 403 for a role that does not work cases, 409 once closed', async () => {
    const maji = await openCase(
      await student(
        's.region_path LIKE $1 AND (s.school_region_path IS NULL OR s.school_region_path NOT LIKE $2)',
        [MAJI, TUANLI],
      ),
    );
    const outside = await (
      await as('village.official')
    ).patch(`/api/cases/${maji}`, { version: 1, plan: '方案' });
    expect(outside.status).toBe(404);
    expect(
      (await (await as('dept.police')).patch(`/api/cases/${maji}`, { version: 1, plan: '方案' })).status,
    ).toBe(403);

    const id = await openCase(await villageStudent());
    await t.dataSource.query("UPDATE cases SET state = 'closed', closed_at = now() WHERE id = $1", [id]);
    const closed = await (
      await as('village.official')
    ).patch(`/api/cases/${id}`, { version: 1, plan: '方案' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('case.closed');
    expect((await caseRow(id)).plan).toBeNull();
  });
});
