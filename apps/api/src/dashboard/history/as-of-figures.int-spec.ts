import fc from 'fast-check';
import { chinaToday } from '@baoxue/domain';
import { addJiaxiangBureau, JIAXIANG_OFFICER } from '../../../test/jiaxiang-bureau';
import { createTestApp, TestApp } from '../../../test/test-app';
import { ResolvedNode } from '../resolved-node';
import { AsOfFigures } from './as-of-figures';
import { caseArb, historyFixture, HistoryFixture, insertHistory } from './case-history-fixtures.test';
import { HistoryReplay, loadRawHistory } from './history-replay.test';

const DAY_MS = 24 * 3600 * 1000;

/** Figures as of a past day, from the history, against a brute-force replay of the raw rows. */
describe('AsOfFigures', () => {
  let t: TestApp;
  let figures: AsOfFigures;
  let f: HistoryFixture;

  beforeAll(async () => {
    t = await createTestApp();
    figures = t.app.get(AsOfFigures);
    f = await historyFixture(t);
  });
  afterAll(() => t.close());

  it('equals a brute-force replay of the raw events for every node and past day, and today the current state', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 450 }), { minLength: 1, maxLength: 3 }),
        async (cases, daysAgo) => {
          for (const spec of cases) await insertHistory(f, spec);
          const now = t.clock.now();
          const today = chinaToday(now);
          const replay = new HistoryReplay(await loadRawHistory(t.dataSource));
          for (const day of [
            ...daysAgo.map((d) => chinaToday(new Date(now.getTime() - d * DAY_MS))),
            today,
          ]) {
            const got = await figures.figuresAt(f.nodes, day);
            for (const node of f.nodes) {
              checked += Object.values(got.get(node.ref) ?? {}).filter(
                (v) => typeof v === 'number' && v > 0,
              ).length;
              expect({ day, node: node.ref, ...got.get(node.ref) }).toEqual({
                day,
                node: node.ref,
                ...replay.figuresAt(node, day),
              });
            }
          }
          // Today: the same as the cases' current state and the pending items past due.
          const current = await figures.figuresAt(f.nodes, today);
          for (const node of f.nodes) {
            const where = node.kind === 'school' ? 'c.school_id = $1' : 'c.region_path LIKE $1';
            const param = node.kind === 'school' ? node.id : `${node.path}%`;
            const [row]: { open: number; to_clear: number; monitoring: number; overdue: number }[] =
              await t.dataSource.query(
                `SELECT count(*) FILTER (WHERE c.state = 'persuading')::int AS open,
                        count(*) FILTER (WHERE c.state IN ('suspected', 'verifying'))::int AS to_clear,
                        count(*) FILTER (WHERE c.state = 'monitoring')::int AS monitoring,
                        (SELECT count(*) FROM due_items d JOIN cases c ON c.id = d.case_id
                          WHERE ${where} AND d.status = 'pending' AND d.due_on < $2::date)::int AS overdue
                   FROM cases c WHERE ${where}`,
                [param, today],
              );
            const fig = current.get(node.ref);
            expect({
              node: node.ref,
              open: fig?.open,
              toClear: fig?.toClear,
              monitoring: fig?.monitoring,
              overdue: fig?.overdueItems,
            }).toEqual({
              node: node.ref,
              open: row.open,
              toClear: row.to_clear,
              monitoring: row.monitoring,
              overdue: row.overdue,
            });
          }
        },
      ),
      { numRuns: 12 },
    );
    // The histories reached every kind of figure and moved cases between places.
    expect(checked).toBeGreaterThan(50);
    const [moves] = await t.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE e.payload->>'schoolDropped' = 'true')::int AS dropped
         FROM case_events e WHERE e.kind = 'transfer'`,
    );
    expect(moves.n).toBeGreaterThan(0);
    expect(moves.dropped).toBeGreaterThan(0);
  });
  it('places a case transferred through the API where it was before the day it moved', async () => {
    const jiaxiang = await addJiaxiangBureau(t);
    let officer = t.client();
    await officer.login('bureau.officer');

    const [child]: { id: string; region_path: string; school_id: string; school_region_path: string }[] =
      await t.dataSource.query(
        `SELECT s.id, s.region_path, s.school_id, s.school_region_path FROM students s
          WHERE s.school_id IS NOT NULL AND NOT (s.school_region_path LIKE $1)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
          ORDER BY s.id DESC LIMIT 1`,
        [`${jiaxiang.path}%`],
      );
    if (f.students.includes(child.id)) f.students.splice(f.students.indexOf(child.id), 1);
    const opened = await officer.post('/api/cases', {
      studentId: child.id,
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'working_away',
    });
    expect(opened.status).toBe(201);
    const openedDay = chinaToday(t.clock.now());
    // Two days on (sessions expire: sign in again).
    t.clock.advance(2 * DAY_MS);
    officer = t.client();
    await officer.login('bureau.officer');
    const receiver = t.client();
    await receiver.login(JIAXIANG_OFFICER.username, JIAXIANG_OFFICER.password);
    const offered = await officer.post(`/api/cases/${opened.body.id}/transfers`, {
      toRegionId: jiaxiang.id,
      reason: '随父母迁居嘉祥县',
    });
    expect(offered.status).toBe(201);
    expect((await receiver.post(`/api/transfers/${offered.body.id}/accept`, { version: 1 })).status).toBe(
      200,
    );

    const [village]: ResolvedNode[] = (
      await t.dataSource.query('SELECT id, name, path, kind FROM regions WHERE path = $1', [
        child.region_path,
      ])
    ).map((r: { id: string; name: string; path: string; kind: ResolvedNode['kind'] }) => ({
      ...r,
      ref: `region:${r.id}`,
      parentRef: null,
      schoolLevel: null,
    }));
    const nodes: ResolvedNode[] = [
      village,
      { ...village, ref: `region:${jiaxiang.id}`, id: jiaxiang.id, kind: 'county', path: jiaxiang.path },
      {
        ...village,
        ref: `school:${child.school_id}`,
        id: child.school_id,
        kind: 'school',
        path: child.school_region_path,
      },
    ];
    const before = await figures.figuresAt(nodes, openedDay);
    const after = await figures.figuresAt(nodes, chinaToday(t.clock.now()));
    const toClear = (m: Map<string, { toClear: number }>) => nodes.map((n) => m.get(n.ref)?.toClear ?? 0);
    const replay = new HistoryReplay(await loadRawHistory(t.dataSource));
    expect(toClear(before)).toEqual(nodes.map((n) => replay.figuresAt(n, openedDay).toClear));
    expect(toClear(after)).toEqual(nodes.map((n) => replay.figuresAt(n, chinaToday(t.clock.now())).toClear));
    // The case left the village and the school for 嘉祥县 on the day it moved.
    const [villageBefore, countyBefore, schoolBefore] = toClear(before);
    const [villageAfter, countyAfter, schoolAfter] = toClear(after);
    expect([villageBefore - villageAfter, countyAfter - countyBefore, schoolBefore - schoolAfter]).toEqual([
      1, 1, 1,
    ]);
  });
});
