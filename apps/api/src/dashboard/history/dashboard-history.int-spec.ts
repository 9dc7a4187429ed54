import fc from 'fast-check';
import { Breakdowns, LongestOpenCase, OverdueItemSummary, Trends } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../../test/test-app';
import { ResolvedNode } from '../resolved-node';
import { caseArb, historyFixture, HistoryFixture, insertHistory } from './case-history-fixtures.test';
import { chinaDayEnd, chinaDayStart } from './case-history.sql';
import { HistoryReplay, loadRawHistory } from './history-replay.test';

const DAY_MS = 24 * 3600 * 1000;

/** Trends, causes, the longest-open and the most overdue through the real API and PostgreSQL. */
describe('dashboard history endpoints', () => {
  let t: TestApp;
  let f: HistoryFixture;
  let officer: TestClient;
  let zone: ResolvedNode;
  let village: ResolvedNode;
  let school: ResolvedNode;
  let replay: HistoryReplay;
  const responses: unknown[] = [];

  const get = async <T>(path: string, client?: TestClient): Promise<T> => {
    const response = await (client ?? officer).get<T>(path);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    responses.push(response.body);
    return response.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = await historyFixture(t);
    officer = await t.as('bureau.officer');
    for (const spec of fc.sample(caseArb, { numRuns: 40, seed: 20261202 })) await insertHistory(f, spec);
    // Responsible persons on both lines (双线) for some cases.
    await t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, name, party, line, level, active)
       SELECT id, '王主任', 'government', 'government', 'town', true FROM cases
        WHERE state IN ('suspected', 'verifying', 'persuading') ORDER BY id LIMIT 10`,
    );
    await t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, name, party, line, level, active)
       SELECT id, '李老师', 'school', 'education', 'class', true FROM cases
        WHERE state IN ('suspected', 'verifying', 'persuading') ORDER BY id LIMIT 5`,
    );
    replay = new HistoryReplay(await loadRawHistory(t.dataSource));
    zone = f.nodes[0];
    // The village and school with the most cases, so the checks are not about empty places.
    const busiest = async (column: string, ids: string[]): Promise<string> =>
      (
        await t.dataSource.query(
          `SELECT ${column} AS id FROM cases WHERE ${column} = ANY($1) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
          [ids],
        )
      )[0].id;
    const villagePath = await busiest(
      'region_path',
      f.villages.map((v) => v.path),
    );
    village = f.nodes.find((n) => n.kind === 'village' && n.path === villagePath) as ResolvedNode;
    const schoolId = await busiest(
      'school_id::text',
      f.schools.map((s) => s.id),
    );
    school = f.nodes.find((n) => n.kind === 'school' && n.id === schoolId) as ResolvedNode;
  });
  afterAll(() => t.close());

  it.each([
    ['month', 16 * 30],
    ['week', 7 * 70],
  ] as const)(
    'answers %s trends equal to a brute-force replay, for a region, a village and a school',
    async (granularity, back) => {
      const today = chinaToday(t.clock.now());
      const from = chinaToday(new Date(t.clock.now().getTime() - back * DAY_MS));
      let seen = 0;
      for (const node of [zone, village, school]) {
        const trends = await get<Trends>(
          `/api/dashboard/trends?node=${node.ref}&granularity=${granularity}&from=${from}&to=${today}`,
        );
        expect(trends.node.ref).toBe(node.ref);
        expect(trends.points[0].from <= from && trends.points[trends.points.length - 1].to >= today).toBe(
          true,
        );
        for (const point of trends.points) {
          const flow = replay.eventsIn(node, chinaDayStart(point.from), chinaDayEnd(point.to));
          const expected = { ...flow, open: replay.figuresAt(node, point.to).open };
          expect({
            node: node.ref,
            period: point.period,
            opened: point.opened,
            returned: point.returned,
            open: point.open,
          }).toEqual({
            node: node.ref,
            period: point.period,
            ...expected,
          });
          seen += point.opened + point.returned + point.open;
        }
      }
      expect(seen).toBeGreaterThan(0);
    },
  );

  it('defaults to the last 12 months or 26 weeks, and names ISO weeks', async () => {
    expect((await get<Trends>('/api/dashboard/trends')).points).toHaveLength(12);
    const weeks = await get<Trends>('/api/dashboard/trends?granularity=week&from=2026-11-23&to=2026-11-29');
    expect(weeks.points.map((p) => [p.period, p.from, p.to])).toEqual([
      ['2026-W48', '2026-11-23', '2026-11-29'],
    ]);
    const turn = await get<Trends>('/api/dashboard/trends?granularity=week&from=2020-12-28&to=2021-01-04');
    expect(turn.points.map((p) => p.period)).toEqual(['2020-W53', '2021-W01']);
  });

  it('breaks down the cases to clear and open by reason, grade, source and flag, as counted from the rows', async () => {
    const today = chinaToday(t.clock.now());
    for (const node of [zone, village, school]) {
      const where = node.kind === 'school' ? 'c.school_id = $1' : 'c.region_path LIKE $1';
      const param = node.kind === 'school' ? node.id : `${node.path}%`;
      const rows: { reason: string; source: string; grade: number | null; flags: string[] }[] =
        await t.dataSource.query(
          `SELECT c.primary_reason AS reason, c.source, s.grade,
                  ARRAY(SELECT DISTINCT f.flag::text FROM student_flags f WHERE f.student_id = s.id
                         AND f.from_date <= $2::date AND (f.to_date IS NULL OR f.to_date >= $2::date)) AS flags
             FROM cases c JOIN students s ON s.id = c.student_id
            WHERE c.state IN ('suspected', 'verifying', 'persuading') AND ${where}`,
          [param, today],
        );
      const tally = (keys: string[]): Record<string, number> =>
        keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
      const nonZero = (list: { key: string; count: number }[]) =>
        Object.fromEntries(list.filter((r) => r.count > 0).map((r) => [r.key, r.count]));
      const b = await get<Breakdowns>(`/api/dashboard/breakdowns?node=${node.ref}`);
      expect(nonZero(b.byReason)).toEqual(tally(rows.map((r) => r.reason)));
      expect(nonZero(b.bySource)).toEqual(tally(rows.map((r) => r.source)));
      expect(nonZero(b.byGrade)).toEqual(tally(rows.map((r) => String(r.grade ?? 0))));
      expect(nonZero(b.byFlag)).toEqual(tally(rows.flatMap((r) => r.flags)));
      // Most first.
      expect(b.byReason.map((r) => r.count)).toEqual(
        [...b.byReason.map((r) => r.count)].sort((x, y) => y - x),
      );
    }
  });

  it('lists the longest-open cases and the most overdue items with their responsible persons', async () => {
    const longest = await get<LongestOpenCase[]>(`/api/dashboard/longest-open?node=${zone.ref}&limit=100`);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM cases WHERE state IN ('suspected', 'verifying', 'persuading')
         AND region_path LIKE $1`,
      [`${zone.path}%`],
    );
    expect(longest).toHaveLength(Math.min(100, n));
    expect(longest.map((c) => c.openedAt)).toEqual([...longest.map((c) => c.openedAt)].sort());
    expect(
      longest.some((c) => c.responsibles.some((r) => r.name === '王主任' && r.line === 'government')),
    ).toBe(true);
    expect(
      (await get<LongestOpenCase[]>(`/api/dashboard/longest-open?node=${zone.ref}`)).length,
    ).toBeLessThanOrEqual(10);

    const today = chinaToday(t.clock.now());
    const overdue = await get<OverdueItemSummary[]>(`/api/dashboard/overdue?node=${zone.ref}&limit=100`);
    const expected: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM due_items WHERE status = 'pending' AND due_on < $1::date AND region_path LIKE $2
        ORDER BY due_on, id LIMIT 100`,
      [today, `${zone.path}%`],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(overdue.map((o) => o.dueItemId)).toEqual(expected.map((e) => e.id));
    for (const item of overdue) expect(item.daysOverdue).toBeGreaterThan(0);
    const forSchool = await get<OverdueItemSummary[]>(`/api/dashboard/overdue?node=${school.ref}&limit=100`);
    for (const item of forSchool) expect(item.schoolId).toBe(school.id);
  });

  it('answers 404 outside the scope, 403 without the permission, and 400 naming the field', async () => {
    const teacher = await t.as('school.teacher');
    const villager = await t.as('village.official');
    for (const path of ['trends', 'breakdowns', 'longest-open', 'overdue']) {
      expect((await teacher.get(`/api/dashboard/${path}?node=${zone.ref}`)).status).toBe(404);
      expect((await villager.get(`/api/dashboard/${path}?node=${zone.ref}`)).status).toBe(404);
      expect(
        (await officer.get(`/api/dashboard/${path}?node=region:00000000-0000-4000-8000-000000000000`)).status,
      ).toBe(404);
      expect((await (await t.as('dept.police')).get(`/api/dashboard/${path}`)).status).toBe(403);
      expect((await teacher.get(`/api/dashboard/${path}`)).status).toBe(200);
    }
    for (const [query, field] of [
      ['trends?granularity=year', 'granularity'],
      ['trends?from=2026-02-30', 'from'],
      ['trends?from=yesterday', 'from'],
      ['trends?granularity=week&from=2020-01-01&to=2026-01-01', 'from'],
      ['trends?from=2026-06-01&to=2026-05-01', 'from'],
      ['trends?to=2999-01-01', 'to'],
      ['trends?node=village', 'node'],
      ['longest-open?limit=101', 'limit'],
      ['overdue?limit=0', 'limit'],
      ['overdue?limit=ten', 'limit'],
    ]) {
      const response = await officer.get(`/api/dashboard/${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('carries no child’s name, ID number or address in any answer', async () => {
    expect(responses.length).toBeGreaterThan(5);
    const text = JSON.stringify(responses);
    const children: { full_name: string; id_number_masked: string | null; hukou_address: string | null }[] =
      await t.dataSource.query(
        `SELECT s.full_name, s.id_number_masked, s.hukou_address FROM students s
          WHERE EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)`,
      );
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      expect(text).not.toContain(child.full_name);
      if (child.id_number_masked) expect(text).not.toContain(child.id_number_masked);
      if (child.hukou_address) expect(text).not.toContain(child.hukou_address);
    }
  });
});
