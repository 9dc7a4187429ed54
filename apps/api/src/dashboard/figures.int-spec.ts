import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { NodeStatus } from '@baoxue/contracts';
import { CaseState, chinaToday, periodOf, Scope, SPECIAL_STATUS_FLAGS } from '@baoxue/domain';
import { createTestApp, TestApp } from '../../test/test-app';
import { FigureCounts1796900000000 } from '../database/migrations/1796900000000-figure-counts';
import { rebuildFigureCounts } from './figure-counts.rebuild';
import { FiguresService } from './figures.service';
import { NodeResolver } from './node-resolver';
import { lifecycleMoves } from '../../test/lifecycle-moves';

const DAY_MS = 24 * 3600 * 1000;

/** Moves of the lifecycle (libs/domain TRANSITIONS) the random histories walk. */
const MOVES = lifecycleMoves([
  'start_verification',
  'exclude',
  'confirm_dropout',
  'record_return',
  'record_placement',
  'relapse',
  'approve_closing',
  'close_excluded',
  'reopen',
]);

const opArb = fc.oneof(
  fc.record({
    op: fc.constant('open' as const),
    village: fc.nat(),
    school: fc.option(fc.nat(), { nil: null }),
    daysAgo: fc.integer({ min: 0, max: 400 }),
  }),
  fc.record({
    op: fc.constant('move' as const),
    pick: fc.nat(),
    choice: fc.nat(),
    daysAgo: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({
    op: fc.constant('transfer' as const),
    pick: fc.nat(),
    village: fc.nat(),
    school: fc.option(fc.nat(), { nil: null }),
  }),
  fc.record({
    op: fc.constant('student' as const),
    pick: fc.nat(),
    school: fc.option(fc.nat(), { nil: null }),
    grade: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    village: fc.nat(),
    merge: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('flag' as const),
    pick: fc.nat(),
    flag: fc.constantFrom(...SPECIAL_STATUS_FLAGS),
    fromOffset: fc.integer({ min: -60, max: 10 }),
    length: fc.option(fc.integer({ min: -3, max: 60 }), { nil: null }),
    remove: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('due' as const),
    pick: fc.nat(),
    dueOffset: fc.integer({ min: -20, max: 5 }),
    done: fc.boolean(),
  }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

interface Place {
  id: string;
  path: string;
}

/** The dashboard's figures: triggers against brute-force recounts of the raw rows, and scope. */
describe(FiguresService.name, () => {
  let t: TestApp;
  let service: FiguresService;
  let resolver: NodeResolver;
  let zone: Place;
  let villages: Place[];
  let schools: Place[];
  let pool: string[];
  const caseIds: string[] = [];
  const touched: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(FiguresService);
    resolver = t.app.get(NodeResolver);
    [zone] = await t.dataSource.query(
      "SELECT id, path FROM regions WHERE kind = 'zone' ORDER BY path LIMIT 1",
    );
    villages = await t.dataSource.query(
      `SELECT id, path FROM regions WHERE kind = 'village' AND path LIKE $1 ORDER BY right(path, 4) LIMIT 5`,
      [`${zone.path}%`],
    );
    schools = await t.dataSource.query(
      `SELECT id, region_path AS path FROM organisations WHERE type = 'school' AND region_path LIKE $1
        ORDER BY name LIMIT 3`,
      [`${zone.path}%`],
    );
    pool = (
      await t.dataSource.query(
        `SELECT s.id FROM students s WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
          AND s.merged_into_id IS NULL ORDER BY s.id LIMIT 300`,
      )
    ).map((r: { id: string }) => r.id);
  });
  afterAll(() => t.close());

  const zoneScope = () => ({ kind: 'region' as const, regionId: zone.id, regionPath: zone.path });

  async function snapshot(): Promise<Record<string, number>> {
    const rows: { node: string; metric: string; n: number }[] = await t.dataSource.query(
      'SELECT node, metric, n FROM figure_counts WHERE n <> 0 ORDER BY node, metric',
    );
    return Object.fromEntries(rows.map((r) => [`${r.node} ${r.metric}`, r.n]));
  }

  it('keeps the same counts as a rebuild from the raw rows after the demo seed', async () => {
    const before = await snapshot();
    await t.dataSource.transaction((db) => rebuildFigureCounts(db));
    expect(await snapshot()).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThan(0);
  });

  async function apply(op: Op): Promise<void> {
    const db = t.dataSource;
    const now = t.clock.now().getTime();
    const today = chinaToday(t.clock.now());
    if (op.op === 'open') {
      const studentId = pool.shift();
      if (!studentId) return;
      const id = randomUUID();
      const village = villages[op.village % villages.length];
      const school = op.school === null ? null : schools[op.school % schools.length].id;
      const at = new Date(now - op.daysAgo * DAY_MS);
      await db.query(
        `INSERT INTO cases (id, type, source, primary_reason, state, region_path, school_id, student_id, opened_at)
         VALUES ($1, 'suspected_dropout', 'school_attendance', 'other', 'suspected', $2, $3, $4, $5)`,
        [id, village.path, school, studentId, at],
      );
      await db.query(
        `INSERT INTO case_events (kind, to_state, at, case_id) VALUES ('opened', 'suspected', $1, $2)`,
        [at, id],
      );
      caseIds.push(id);
      touched.push(studentId);
    } else if (op.op === 'move' && caseIds.length > 0) {
      const id = caseIds[op.pick % caseIds.length];
      const [{ state }] = await db.query('SELECT state FROM cases WHERE id = $1', [id]);
      const moves = MOVES[state as CaseState];
      const move = moves[op.choice % moves.length];
      const [{ last }] = await db.query('SELECT max(at) AS last FROM case_events WHERE case_id = $1', [id]);
      const at = new Date(
        Math.min(now, Math.max(new Date(last).getTime() + 60_000, now - op.daysAgo * DAY_MS)),
      );
      // As CasesService.transition does: the case first (its row lock), then its timeline.
      await db.transaction(async (m) => {
        await m.query('UPDATE cases SET state = $1 WHERE id = $2', [move.to, id]);
        await m.query(
          `INSERT INTO case_events (kind, transition, from_state, to_state, at, case_id)
           VALUES ('transition', $1, $2, $3, $4, $5)`,
          [move.transition, state, move.to, at, id],
        );
      });
    } else if (op.op === 'transfer' && caseIds.length > 0) {
      const id = caseIds[op.pick % caseIds.length];
      await db.query('UPDATE cases SET region_path = $1, school_id = $2 WHERE id = $3', [
        villages[op.village % villages.length].path,
        op.school === null ? null : schools[op.school % schools.length].id,
        id,
      ]);
    } else if (op.op === 'student' && touched.length > 0) {
      const id = touched[op.pick % touched.length];
      const into = op.merge ? touched[(op.pick + 1) % touched.length] : null;
      await db.query(
        'UPDATE students SET school_id = $1, grade = $2, region_path = $3, merged_into_id = $4 WHERE id = $5',
        [
          op.school === null ? null : schools[op.school % schools.length].id,
          op.grade,
          villages[op.village % villages.length].path,
          into === id ? null : into,
          id,
        ],
      );
    } else if (op.op === 'flag' && touched.length > 0) {
      const studentId = touched[op.pick % touched.length];
      const [existing] = await db.query('SELECT id FROM student_flags WHERE student_id = $1 LIMIT 1', [
        studentId,
      ]);
      if (existing && op.remove) {
        await db.query('DELETE FROM student_flags WHERE id = $1', [existing.id]);
        return;
      }
      const from = new Date(Date.parse(`${today}T00:00:00Z`) + op.fromOffset * DAY_MS)
        .toISOString()
        .slice(0, 10);
      const to =
        op.length === null
          ? null
          : new Date(Date.parse(`${from}T00:00:00Z`) + op.length * DAY_MS).toISOString().slice(0, 10);
      if (existing) {
        await db.query('UPDATE student_flags SET flag = $1, from_date = $2, to_date = $3 WHERE id = $4', [
          op.flag,
          from,
          to,
          existing.id,
        ]);
      } else {
        await db.query(
          'INSERT INTO student_flags (student_id, flag, from_date, to_date) VALUES ($1, $2, $3, $4)',
          [studentId, op.flag, from, to],
        );
      }
    } else if (op.op === 'due' && caseIds.length > 0) {
      const id = caseIds[op.pick % caseIds.length];
      const dueOn = new Date(Date.parse(`${today}T00:00:00Z`) + op.dueOffset * DAY_MS)
        .toISOString()
        .slice(0, 10);
      const [{ region_path }] = await db.query('SELECT region_path FROM cases WHERE id = $1', [id]);
      await db.query(
        `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, case_id)
         VALUES ($1, 'follow_up', $2, $3, $4, $5, $6)`,
        [
          `case:${id}:follow_up:${randomUUID()}:${dueOn}`,
          randomUUID(),
          dueOn,
          region_path,
          op.done ? 'done' : 'pending',
          id,
        ],
      );
    }
  }

  /** Every figure of one node, recounted from the raw rows. */
  async function bruteForce(node: {
    kind: string;
    id: string;
    path: string;
  }): Promise<Omit<NodeStatus, 'node' | 'children' | 'asOf'>> {
    const db = t.dataSource;
    const today = chinaToday(t.clock.now());
    const term = periodOf('semester', today);
    const year = periodOf('school_year', today);
    const isSchool = node.kind === 'school';
    const where = (alias: string) =>
      isSchool ? `${alias}.school_id = '${node.id}'` : `${alias}.region_path LIKE '${node.path}%'`;
    const count = async (sql: string, params: unknown[] = []): Promise<number> =>
      Number((await db.query(sql, params))[0].count);
    const state = (states: string[]) =>
      count(`SELECT count(*) FROM cases c WHERE ${where('c')} AND c.state = ANY($1)`, [states]);
    const inTerm = (transitions: string[]) =>
      count(
        `SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE ${where('c')}
          AND e.transition::text = ANY($1) AND (e.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2 AND $3`,
        [transitions, term.from, term.to],
      );
    const open = await state(['persuading']);
    const figures = {
      open,
      toClear: await state(['suspected', 'verifying']),
      monitoring: await state(['monitoring']),
      returnedThisTerm: await inTerm(['record_return']),
      placedThisTerm: await inTerm(['record_placement']),
      excludedThisTerm: await inTerm(['exclude']),
      closedThisTerm: await inTerm(['approve_closing', 'close_excluded']),
      overdueItems: await count(
        `SELECT count(*) FROM due_items d JOIN cases c ON c.id = d.case_id WHERE ${where('c')}
          AND d.status = 'pending' AND d.due_on < $1 AND c.state IN ('suspected', 'verifying', 'persuading', 'monitoring')`,
        [today],
      ),
      atZero: open === 0,
    };
    const enrolledWhere = `${where('s')} AND s.school_id IS NOT NULL AND s.merged_into_id IS NULL`;
    const enrolled = (grades: string) =>
      count(`SELECT count(*) FROM students s WHERE ${enrolledWhere} ${grades}`);
    const flagRows: { flag: string; count: string }[] = await db.query(
      `SELECT f.flag, count(*) FROM student_flags f JOIN students s ON s.id = f.student_id
        WHERE ${enrolledWhere} AND f.from_date <= $1 AND (f.to_date IS NULL OR f.to_date >= $1) GROUP BY f.flag`,
      [today],
    );
    const flags = Object.fromEntries(SPECIAL_STATUS_FLAGS.map((f) => [f, 0]));
    for (const row of flagRows) flags[row.flag] = Number(row.count);
    const dropouts = (grades: string) =>
      count(
        `SELECT count(*) FROM cases c JOIN students s ON s.id = c.student_id
          JOIN (SELECT case_id, min(at) AS at FROM case_events WHERE transition = 'confirm_dropout' GROUP BY case_id) f
            ON f.case_id = c.id
         WHERE ${where('c')} AND (f.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 ${grades}`,
        [year.from, year.to],
      );
    const rate = async (grades: string) => {
      const d = await dropouts(grades);
      const start = (await enrolled(grades)) + d;
      return {
        schoolYear: year.id,
        dropouts: d,
        enrolledAtStart: start,
        rate: start === 0 ? null : Math.round((d / start) * 10_000) / 100,
      };
    };
    const primary = 'AND s.grade BETWEEN 1 AND 6';
    const junior = 'AND s.grade BETWEEN 7 AND 9';
    return {
      figures,
      context: {
        enrolled: await enrolled(''),
        enrolledPrimary: await enrolled(primary),
        enrolledJunior: await enrolled(junior),
        flags: flags as NodeStatus['context']['flags'],
      },
      dropoutRates: { total: await rate(''), primary: await rate(primary), junior: await rate(junior) },
      regionsNotAtZero: isSchool
        ? 0
        : await count(
            `SELECT count(DISTINCT region_path) FROM cases c WHERE ${where('c')} AND c.state = 'persuading'`,
          ),
    };
  }

  it('gives every node the figures a brute-force recount of the raw rows gives, as does a rebuild', async () => {
    // What the random writes reached, so a pass is not an empty one.
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
        for (const op of ops) await apply(op);
        const town = villages[0].path.split('/').slice(0, -2).join('/') + '/';
        const [townRow] = await t.dataSource.query('SELECT id FROM regions WHERE path = $1', [town]);
        const refs = [
          `region:${zone.id}`,
          `region:${townRow.id}`,
          ...villages.map((v) => `region:${v.id}`),
          ...schools.map((s) => `school:${s.id}`),
        ];
        for (const ref of refs) {
          const node = await resolver.resolve(zoneScope(), ref);
          const status = await service.status(zoneScope(), node, null);
          const { node: _n, children, asOf: _a, ...figures } = status;
          expect(figures).toEqual(await bruteForce(node));
          for (const [key, value] of Object.entries({ ...figures.figures, ...figures.context.flags })) {
            if (typeof value === 'number' && value > 0) seen.add(key);
          }
          if (figures.dropoutRates.total.dropouts > 0) seen.add('dropouts');
          if (figures.regionsNotAtZero > 0) seen.add('regionsNotAtZero');
          for (const child of children.slice(0, 4)) {
            const [kind, id] = child.node.ref.split(':');
            expect(child.figures).toEqual((await bruteForce({ kind, id, path: child.node.path })).figures);
          }
        }
        const before = await snapshot();
        await t.dataSource.transaction((db) => rebuildFigureCounts(db));
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 4, seed: 20261202, endOnFailure: true },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'open',
        'toClear',
        'monitoring',
        'returnedThisTerm',
        'overdueItems',
        'dropouts',
        'regionsNotAtZero',
      ]),
    );
    expect(SPECIAL_STATUS_FLAGS.filter((flag) => seen.has(flag)).length).toBeGreaterThan(0);
  }, 120_000);

  it('stays equal to a rebuild under concurrent writers', async () => {
    // Eight writers at once: a due item or event racing its case's transfer, a flag its student's move.
    for (const seed of [7, 8, 9, 10]) {
      const ops = fc.sample(opArb, { numRuns: 96, seed });
      for (let i = 0; i < ops.length; i += 8) await Promise.all(ops.slice(i, i + 8).map((op) => apply(op)));
      const before = await snapshot();
      await t.dataSource.transaction((db) => rebuildFigureCounts(db));
      expect(await snapshot()).toEqual(before);
    }
  });

  it('never gives a user a node outside their scope, nor children outside it', async () => {
    const users: { scope_region_id: string | null; scope_school_id: string | null; scope_path: string }[] =
      await t.dataSource.query(
        'SELECT scope_region_id, scope_school_id, scope_path FROM users ORDER BY username',
      );
    const scopes: Scope[] = users.map((u) =>
      u.scope_school_id
        ? { kind: 'school', schoolId: u.scope_school_id, regionPath: u.scope_path }
        : { kind: 'region', regionId: u.scope_region_id as string, regionPath: u.scope_path },
    );
    // Regions from the province down to villages, in and out of the zone, and schools.
    const targets: { ref: string; path: string; schoolId: string | null }[] = [
      ...(
        await t.dataSource.query(
          `(SELECT id, path FROM regions WHERE depth <= 3 ORDER BY path LIMIT 12)
           UNION ALL (SELECT id, path FROM regions WHERE path LIKE $1 ORDER BY right(path, 3) LIMIT 12)`,
          [`${zone.path}%`],
        )
      ).map((r: { id: string; path: string }) => ({ ref: `region:${r.id}`, path: r.path, schoolId: null })),
      ...(
        await t.dataSource.query(
          "SELECT id, region_path FROM organisations WHERE type = 'school' ORDER BY name LIMIT 8",
        )
      ).map((o: { id: string; region_path: string }) => ({
        ref: `school:${o.id}`,
        path: o.region_path,
        schoolId: o.id,
      })),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...scopes), fc.constantFrom(...targets), async (scope, target) => {
        const visible =
          scope.kind === 'school'
            ? target.schoolId === scope.schoolId
            : target.path.startsWith(scope.regionPath);
        const node = await resolver.resolve(scope, target.ref).catch((error: { status?: number }) => {
          expect(error.status).toBe(404);
          return null;
        });
        expect(node !== null).toBe(visible);
        if (!node) return;
        const status = await service.status(scope, node, null);
        if (scope.kind === 'school') expect(status.children).toEqual([]);
        for (const child of status.children) expect(child.node.path.startsWith(scope.regionPath)).toBe(true);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('reverts and re-applies its migration to the same counts (the migration fills the table)', async () => {
    const before = await snapshot();
    const runner = t.dataSource.createQueryRunner();
    try {
      const migration = new FigureCounts1796900000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await snapshot()).toEqual(before);
  });
});
