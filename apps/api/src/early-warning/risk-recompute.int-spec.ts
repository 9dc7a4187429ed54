import {
  addDays,
  ageAtSchoolYearStart,
  assessRisk,
  ATTENDANCE_MARKS,
  AttendanceMark,
  chinaToday,
  DEFAULT_RISK_RULES,
  RiskRules,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import fc from 'fast-check';
import { createTestApp, TestApp } from '../../test/test-app';
import { RiskRecompute } from './risk-recompute';
import { insertCase, insertChildren, insertDays } from './risk-test-data';

const CHILDREN = 36;
const CASE_STATES = ['suspected', 'excluded', 'closed'] as const;

interface ChildData {
  grade: number;
  birthDate: string;
  /** Marks on the school days going back from yesterday (null: no roll that day). */
  marks: (AttendanceMark | null)[];
  flags: { flag: SpecialStatusFlag; from: number; to: number | null }[];
  caseState: (typeof CASE_STATES)[number] | null;
}

const weight = fc.integer({ min: 0, max: 60 });
const rulesArb: fc.Arbitrary<RiskRules> = fc.record({
  windowSchoolDays: fc.integer({ min: 5, max: 30 }),
  attendanceTiers: fc
    .uniqueArray(fc.integer({ min: 50, max: 100 }), { maxLength: 3 })
    .chain((b) =>
      fc.tuple(
        ...b.sort((x, y) => y - x).map((below) => weight.map((w) => ({ below: below / 100, weight: w }))),
      ),
    ),
  repeatedUnexcused: fc.record({ atLeast: fc.integer({ min: 1, max: 5 }), weight }),
  flagWeights: fc.dictionary(fc.constantFrom(...SPECIAL_STATUS_FLAGS), weight) as fc.Arbitrary<
    Partial<Record<SpecialStatusFlag, number>>
  >,
  previousCaseWeight: weight,
  overAge: fc.record({ years: fc.integer({ min: 1, max: 3 }), weight }),
  watchFrom: fc.integer({ min: 1, max: 100 }),
});
const childArb: fc.Arbitrary<ChildData> = fc.record({
  grade: fc.integer({ min: 1, max: 9 }),
  birthDate: fc
    .integer({ min: 0, max: 365 * 12 })
    .map((d) => new Date(Date.UTC(2008, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
  marks: fc.array(fc.option(fc.constantFrom(...ATTENDANCE_MARKS), { freq: 5 }), { maxLength: 45 }),
  // Days relative to today: a flag from `from` days ago to `to` days ago (null: still in force).
  flags: fc.uniqueArray(
    fc.record({
      flag: fc.constantFrom(...SPECIAL_STATUS_FLAGS),
      from: fc.integer({ min: -5, max: 400 }),
      to: fc.option(fc.integer({ min: -5, max: 100 })),
    }),
    { maxLength: 3, selector: (f) => f.flag },
  ),
  caseState: fc.option(fc.constantFrom(...CASE_STATES)),
});

/** Stored risk scores against assessRisk on the raw rows, on random data (real PostgreSQL). */
describe('risk recompute', () => {
  let t: TestApp;
  let school: { id: string; path: string };
  let zoneId: string;
  let ids: string[];
  let today: string;

  beforeAll(async () => {
    t = await createTestApp();
    [school] = await t.dataSource.query(
      `SELECT o.id, o.region_path AS path FROM organisations o
        JOIN users u ON u.scope_school_id = o.id WHERE u.username = 'school.teacher'`,
    );
    [{ id: zoneId }] = await t.dataSource.query("SELECT id FROM regions WHERE kind = 'zone'");
    ids = await insertChildren(t.dataSource, school, '风险属性班', CHILDREN);
    today = chinaToday(t.clock.now());
  });
  afterAll(() => t.close());

  /** Replaces the children's records with `data` and the zone's rules with `rules`. */
  async function load(data: readonly ChildData[], rules: RiskRules): Promise<void> {
    const db = t.dataSource;
    for (const table of ['attendance_records', 'student_flags', 'cases', 'student_risk_scores'])
      await db.query(`DELETE FROM ${table} WHERE student_id = ANY($1)`, [ids]);
    await db.query('DELETE FROM county_early_warning_rules');
    await db.query('INSERT INTO county_early_warning_rules (region_id, rules) VALUES ($1, $2)', [
      zoneId,
      JSON.stringify(rules),
    ]);
    await db.query(
      `UPDATE students s SET grade = u.grade, birth_date = u.birth_date
         FROM unnest($1::uuid[], $2::smallint[], $3::date[]) AS u(id, grade, birth_date) WHERE s.id = u.id`,
      [ids, data.map((d) => d.grade), data.map((d) => d.birthDate)],
    );
    await insertDays(
      db,
      school.id,
      data.flatMap((d, i) =>
        d.marks.flatMap((mark, back) =>
          mark ? [{ studentId: ids[i], date: addDays(today, -1 - back), mark }] : [],
        ),
      ),
    );
    for (const [i, d] of data.entries()) {
      for (const f of d.flags)
        await db.query(
          'INSERT INTO student_flags (student_id, flag, from_date, to_date) VALUES ($1, $2, $3, $4)',
          [ids[i], f.flag, addDays(today, -f.from), f.to === null ? null : addDays(today, -f.to)],
        );
      if (d.caseState) await insertCase(db, ids[i], d.caseState);
    }
  }

  /** Every child's facts read back from the raw rows, the simple way, and assessed. */
  async function expected(): Promise<Map<string, ReturnType<typeof assessRisk>>> {
    const db = t.dataSource;
    const [{ rules }] = await db.query('SELECT rules FROM county_early_warning_rules WHERE region_id = $1', [
      zoneId,
    ]);
    const students: { id: string; grade: number; birth_date: string }[] = await db.query(
      'SELECT id, grade, birth_date::text AS birth_date FROM students WHERE id = ANY($1)',
      [ids],
    );
    const days: { student_id: string; date: string; mark: AttendanceMark }[] = await db.query(
      'SELECT student_id, date::text AS date, mark FROM attendance_records WHERE student_id = ANY($1)',
      [ids],
    );
    const flags: { student_id: string; flag: SpecialStatusFlag; from: string; to: string | null }[] =
      await db.query(
        'SELECT student_id, flag, from_date::text AS from, to_date::text AS to FROM student_flags WHERE student_id = ANY($1)',
        [ids],
      );
    const cases: { student_id: string; state: string }[] = await db.query(
      'SELECT student_id, state FROM cases WHERE student_id = ANY($1)',
      [ids],
    );
    return new Map(
      students.map((s) => [
        s.id,
        assessRisk(
          {
            days: days.filter((d) => d.student_id === s.id),
            flags: flags
              .filter((f) => f.student_id === s.id && f.from <= today && (f.to === null || f.to >= today))
              .map((f) => f.flag),
            hadCase: cases.some((c) => c.student_id === s.id && c.state !== 'excluded'),
            ageAtSchoolYearStart: ageAtSchoolYearStart(s.birth_date, today),
            grade: s.grade,
          },
          rules,
          today,
        ),
      ]),
    );
  }

  it('stores for every child the score and reasons assessRisk gives on the raw records', async () => {
    const recompute = t.app.get(RiskRecompute);
    let watched = 0;
    let reasons = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(childArb, { minLength: CHILDREN, maxLength: CHILDREN }),
        rulesArb,
        async (data, rules) => {
          await load(data, rules);
          const result = await recompute.students(ids);
          expect(result).toEqual({ scored: CHILDREN, removed: 0 });
          const stored: {
            student_id: string;
            score: number;
            reasons: unknown;
            summary_zh: string;
            watch: boolean;
          }[] = await t.dataSource.query(
            `SELECT student_id, score, reasons, summary_zh, watch FROM student_risk_scores
              WHERE student_id = ANY($1) AND school_id = $2 AND region_path = $3 AND class_name = '风险属性班'`,
            [ids, school.id, school.path],
          );
          const want = await expected();
          expect(stored).toHaveLength(CHILDREN);
          for (const row of stored) {
            const w = want.get(row.student_id);
            if (!w) throw new Error(`no expectation for ${row.student_id}`);
            expect({
              score: row.score,
              reasons: row.reasons,
              summaryZh: row.summary_zh,
              watch: row.watch,
            }).toEqual(w);
            watched += w.watch ? 1 : 0;
            reasons += w.reasons.length;
          }
        },
      ),
      { seed: 6061, numRuns: 25 },
    );
    // The random data reached the interesting cases, not only empty scores.
    expect(watched).toBeGreaterThan(CHILDREN);
    expect(reasons).toBeGreaterThan(CHILDREN * 5);
  }, 240_000);

  it('drops the score of a child who left school, and scores by the defaults where no rules are saved', async () => {
    await t.dataSource.query('DELETE FROM county_early_warning_rules');
    const [left, stays] = ids;
    await t.dataSource.query("UPDATE students SET enrolment_status = 'transferred_out' WHERE id = $1", [
      left,
    ]);
    await t.dataSource.query('DELETE FROM attendance_records WHERE student_id = $1', [stays]);
    await insertDays(
      t.dataSource,
      school.id,
      Array.from({ length: 10 }, (_, i) => ({
        studentId: stays,
        date: addDays(today, -60 - i),
        mark: 'unexcused' as const,
      })),
    );
    const result = await t.app.get(RiskRecompute).students([left, stays]);
    expect(result).toEqual({ scored: 1, removed: 1 });
    const rows = await t.dataSource.query(
      'SELECT student_id, reasons FROM student_risk_scores WHERE student_id = ANY($1)',
      [[left, stays]],
    );
    expect(rows).toHaveLength(1);
    const codes = (rows[0].reasons as { code: string }[]).map((r) => r.code);
    expect(codes.slice(0, 2)).toEqual(['attendance_rate', 'repeated_unexcused']);
    expect(rows[0].reasons[0]).toMatchObject({
      weight: DEFAULT_RISK_RULES.attendanceTiers[2].weight,
      zh: '近10个教学日缺勤10天',
    });
  });
});
