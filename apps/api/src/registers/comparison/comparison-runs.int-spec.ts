import type { ComparisonFindingView, RouteFindingsResult } from '@baoxue/contracts';
import { addDays, chinaToday, composeIdNumber } from '@baoxue/domain';
import { openCase } from '../../../test/case-fixtures';
import { FixtureRegisterRow, insertCommittedRegister } from '../../../test/register-fixtures';
import { createTestApp, TestApp, TestClient } from '../../../test/test-app';
import {
  allFindings,
  giveIdNumber,
  runComparison,
  VILLAGE_CODE,
  yearsBefore,
} from '../../../test/comparison-test-kit';

interface Child {
  id: string;
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string;
}

/**
 * Comparison runs (四查三比对) end to end: registers written by the fixture, the run as a
 * worker job over real PostgreSQL and Redis, findings read through the API.
 */
describe('comparison runs', () => {
  let t: TestApp;
  let officer: TestClient;
  let asOf: string;
  let schoolId: string;
  /** Enrolled children of the village, without a case, handed out one per role. */
  let villagers: Child[];
  /** Enrolled children of the school (any village), without a case. */
  let pupils: Child[];
  let seq = 100;
  const id = (birth: string) => composeIdNumber('370829', birth, seq++);
  /** A bad check character. */
  const malformed = (valid: string) => valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
  const household = (name: string, birth: string, idNumber: string | null): FixtureRegisterRow => ({
    idNumber,
    fullName: name,
    sex: 'male',
    birthDate: birth,
    villageCode: VILLAGE_CODE,
    address: '进士张村1号',
    guardianName: `${name}父`,
    guardianPhone: '13800000000',
  });

  const byName = (findings: ComparisonFindingView[], name: string) =>
    findings.filter((f) => f.fullName === name);
  const casesCount = async () =>
    ((await t.dataSource.query('SELECT count(*)::int AS n FROM cases')) as { n: number }[])[0].n;

  // The children of the registers, by the role they play.
  const names = {
    six: '比对六岁',
    five: '比对五岁',
    fifteen: '比对十五岁',
    sixteen: '比对十六岁',
    inSchool: '比对在读',
    suspended: '比对休学',
    superseded: '比对旧表',
    none: '比对无号',
  };
  let ids: Record<string, string>;
  let K: Child; // enrolled, matched by a no-ID household row (candidate)
  let L: Child; // enrolled, matched by a malformed-ID household row (candidate)
  let G: Child; // enrolled, its ID in the household register
  let M: Child; // enrolled, dropped_out in the enrolment register
  let N: Child; // enrolled, absent 3 unexcused school days in a row
  let P: Child; // open case, on the poverty-monitoring list
  let R: Child; // not enrolled, its case excluded recently
  let priorityCaseId: string;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    officer = await t.as('bureau.officer');
    asOf = chinaToday(t.clock.now());
    [{ id: schoolId }] = await t.dataSource.query(
      "SELECT scope_school_id AS id FROM users WHERE username = 'school.teacher'",
    );
    const [{ path: villagePath }] = await t.dataSource.query('SELECT path FROM regions WHERE code = $1', [
      VILLAGE_CODE,
    ]);
    const enrolled = `SELECT s.id, s.full_name, s.sex, to_char(s.birth_date, 'YYYY-MM-DD') AS birth_date FROM students s
       WHERE s.enrolment_status = 'enrolled' AND s.school_id IS NOT NULL AND s.merged_into_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)`;
    villagers = await t.dataSource.query(`${enrolled} AND s.region_path = $1 ORDER BY s.id`, [villagePath]);
    pupils = await t.dataSource.query(
      `${enrolled} AND s.school_id = $1 AND s.region_path <> $2 ORDER BY s.id`,
      [schoolId, villagePath],
    );
    expect(villagers.length).toBeGreaterThanOrEqual(4);
    expect(pupils.length).toBeGreaterThanOrEqual(3);
    [K, L, G, R] = villagers;
    [M, N, P] = pupils;

    ids = Object.fromEntries(
      Object.entries({
        six: yearsBefore(asOf, 6),
        fifteen: addDays(yearsBefore(asOf, 16), 1),
        five: addDays(yearsBefore(asOf, 6), 1),
        sixteen: yearsBefore(asOf, 16),
        inSchool: yearsBefore(asOf, 9),
        suspended: yearsBefore(asOf, 9),
        superseded: yearsBefore(asOf, 10),
      }).map(([k, birth]) => [k, id(birth)]),
    );
    for (const child of [G, M, P, R]) await giveIdNumber(t, child.id, id(child.birth_date));
    const idOf = async (child: Child) => {
      const [row] = await t.dataSource.query('SELECT id_number_cipher FROM students WHERE id = $1', [
        child.id,
      ]);
      const { IdNumberCipher } = await import('../../students/id-number-cipher');
      return new IdNumberCipher(t.config).decrypt(row.id_number_cipher);
    };

    // R: no longer enrolled, its case excluded (verified not a dropout) a week ago.
    await t.dataSource.query(
      "UPDATE students SET enrolment_status = 'not_enrolled', school_id = NULL, school_region_path = NULL WHERE id = $1",
      [R.id],
    );
    const excluded = await openCase(t, R.id);
    await t.dataSource.query(
      "UPDATE cases SET state = 'excluded', exclusion_reason = 'studying_elsewhere' WHERE id = $1",
      [excluded],
    );
    await t.dataSource.query(
      `INSERT INTO case_events (case_id, kind, transition, from_state, to_state, at)
       VALUES ($1, 'transition', 'exclude', 'verifying', 'excluded', now() - interval '7 days')`,
      [excluded],
    );

    // P: an open case, and on the poverty-monitoring list.
    priorityCaseId = await openCase(t, P.id);

    // N: 3 unexcused school days in a row up to asOf (the county's default absenceSchoolDays).
    for (const [n, mark] of [
      [-4, 'present'],
      [-2, 'unexcused'],
      [-1, 'unexcused'],
      [0, 'unexcused'],
    ] as const)
      await t.dataSource.query(
        `INSERT INTO attendance_records (student_id, school_id, date, mark) VALUES ($1, $2, $3, $4)
         ON CONFLICT (student_id, date) DO UPDATE SET mark = EXCLUDED.mark, excuse_reason = NULL`,
        [N.id, schoolId, addDays(asOf, n), mark],
      );

    // An older household import, superseded by the next one: its child must not be read.
    await insertCommittedRegister(t.dataSource, t.config, {
      kind: 'household',
      regionCode: '370829',
      rows: [household(names.superseded, yearsBefore(asOf, 10), ids.superseded)],
    });
    await insertCommittedRegister(t.dataSource, t.config, {
      kind: 'household',
      regionCode: '370829',
      rows: [
        household(names.six, yearsBefore(asOf, 6), ids.six),
        household(names.five, addDays(yearsBefore(asOf, 6), 1), ids.five),
        household(names.fifteen, addDays(yearsBefore(asOf, 16), 1), ids.fifteen),
        household(names.sixteen, yearsBefore(asOf, 16), ids.sixteen),
        household(names.inSchool, yearsBefore(asOf, 9), ids.inSchool),
        household(names.suspended, yearsBefore(asOf, 9), ids.suspended),
        household(names.none, yearsBefore(asOf, 8), null),
        // G's ID: enrolled in the students table, whatever the name.
        household('比对学籍表有', G.birth_date, await idOf(G)),
        // K without an ID, L with a malformed one: same name, birth date and village as enrolled children.
        { ...household(K.full_name, K.birth_date, null), sex: K.sex },
        { ...household(L.full_name, L.birth_date, malformed(id(L.birth_date))), sex: L.sex },
        household(R.full_name, R.birth_date, await idOf(R)),
      ],
    });
    await insertCommittedRegister(t.dataSource, t.config, {
      kind: 'enrolment',
      regionCode: '370829',
      rows: [
        {
          idNumber: ids.inSchool,
          fullName: names.inSchool,
          schoolId,
          grade: 3,
          enrolmentStatus: 'in_school',
        },
        {
          idNumber: ids.suspended,
          fullName: names.suspended,
          schoolId,
          grade: 3,
          enrolmentStatus: 'suspended',
        },
        {
          idNumber: await idOf(M),
          fullName: M.full_name,
          schoolId,
          grade: 5,
          enrolmentStatus: 'dropped_out',
        },
        {
          idNumber: id(yearsBefore(asOf, 12)),
          fullName: '比对流失无档',
          sex: 'female',
          birthDate: yearsBefore(asOf, 12),
          schoolId,
          grade: 6,
          enrolmentStatus: 'dropped_out',
        },
      ],
    });
    await insertCommittedRegister(t.dataSource, t.config, {
      kind: 'poverty_monitoring',
      regionCode: '370829',
      rows: [{ idNumber: await idOf(P), fullName: P.full_name, villageCode: VILLAGE_CODE }],
    });
  }, 180_000);
  afterAll(() => t?.close());

  let first: ComparisonFindingView[];
  let firstRunId: string;

  it('finds the never-enrolled children of school age exactly, and no one enrolled, suspended or superseded', async () => {
    const run = await runComparison(officer, { asOf });
    firstRunId = run.id;
    first = await allFindings(officer, run.id);
    const never = first.filter((f) => f.category === 'never_enrolled');
    // School age 6–15 at asOf: 6 today and 15 until the day before the 16th birthday.
    expect(byName(never, names.six)).toEqual([
      expect.objectContaining({
        status: 'new',
        match: 'id',
        idNumberMasked: expect.stringMatching(/^370829\*+\d{3}[\dX]$/),
      }),
    ]);
    expect(byName(never, names.fifteen)).toHaveLength(1);
    expect(byName(never, names.five)).toEqual([]);
    expect(byName(never, names.sixteen)).toEqual([]);
    // Enrolled by the register (in school or suspended) or by the students table: not found.
    expect(byName(never, names.inSchool)).toEqual([]);
    expect(byName(never, names.suspended)).toEqual([]);
    expect(byName(never, '比对学籍表有')).toEqual([]);
    expect(byName(never, names.superseded)).toEqual([]);
    // No ID and no one like it: new, matched by nothing.
    expect(byName(never, names.none)).toEqual([expect.objectContaining({ status: 'new', match: 'none' })]);
    expect(byName(never, names.six)[0].reasons[0]).toBe('户籍在本村，适龄（6岁），无学籍记录');
    expect(byName(never, names.six)[0].village).toMatchObject({ name: expect.any(String) });
    // Nothing in any response carries a full ID number.
    expect(JSON.stringify(first)).not.toMatch(/\d{17}[\dX]/);
    expect(run.counts.never_enrolled).toBe(never.length);
    expect(run.imports.map((i) => i.kind).sort()).toEqual(
      expect.arrayContaining(['enrolment', 'household', 'poverty_monitoring']),
    );
    expect(run.byRegion.reduce((sum, r) => sum + r.counts.never_enrolled, 0)).toBe(never.length);
  });

  it('matches a child without an ID (or with a malformed one) only as a candidate: no case, no merge', async () => {
    const casesBefore = await casesCount();
    for (const child of [K, L]) {
      const [finding] = byName(first, child.full_name).filter((f) => f.category === 'never_enrolled');
      expect(finding).toMatchObject({
        status: 'needs_confirmation',
        match: 'candidate',
        studentId: null,
        caseId: null,
        candidate: { studentId: child.id, fullName: child.full_name, schoolName: expect.any(String) },
      });
    }
    // Routing everything raises nothing for a candidate; the enrolled child is untouched.
    const [k] = byName(first, K.full_name);
    const [l] = byName(first, L.full_name);
    const routed = await officer.post(`/api/registers/comparisons/${firstRunId}/route`, {
      findingIds: [k.id, l.id],
    });
    expect(routed.status).toBe(200);
    expect(routed.body).toEqual({ raised: 0, covered: 0, caseIds: [] });
    expect(await casesCount()).toBe(casesBefore);
    const students = await t.dataSource.query(
      'SELECT id, merged_into_id, enrolment_status FROM students WHERE full_name = ANY($1)',
      [[K.full_name, L.full_name]],
    );
    expect(students.every((s: { merged_into_id: string | null }) => s.merged_into_id === null)).toBe(true);

    // Confirm both ways; a stale version is a 409.
    const stale = await officer.post(`/api/registers/findings/${k.id}/confirm`, {
      decision: 'same',
      version: k.version + 5,
    });
    expect(stale.status).toBe(409);
    const same = await officer.post<ComparisonFindingView>(`/api/registers/findings/${k.id}/confirm`, {
      decision: 'same',
      version: k.version,
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ status: 'confirmed_same', studentId: K.id });
    const different = await officer.post<ComparisonFindingView>(`/api/registers/findings/${l.id}/confirm`, {
      decision: 'different',
      version: l.version,
    });
    expect(different.body).toMatchObject({ status: 'new', match: 'candidate', candidate: null });
    const again = await officer.post(`/api/registers/findings/${k.id}/confirm`, {
      decision: 'different',
      version: same.body.version,
    });
    expect(again.status).toBe(409);
  });

  it('finds dropouts by absences and by register status, and not a child excluded recently', async () => {
    const dropout = first.filter((f) => f.category === 'dropout');
    expect(dropout.filter((f) => f.studentId === N.id)).toEqual([
      expect.objectContaining({ status: 'new', match: 'id', reasons: ['连续3个教学日无故缺勤'] }),
    ]);
    expect(dropout.filter((f) => f.studentId === M.id)).toEqual([
      expect.objectContaining({ status: 'new', match: 'id', reasons: ['学籍状态为流失'] }),
    ]);
    expect(byName(dropout, '比对流失无档')).toEqual([
      expect.objectContaining({ status: 'new', match: 'none', studentId: null }),
    ]);
    const [r] = first.filter((f) => f.fullName === R.full_name && f.category === 'never_enrolled');
    expect(r).toMatchObject({ status: 'excluded', match: 'id', studentId: R.id });
  });

  it('marks the open case of a child on a priority list', async () => {
    const [priority] = first.filter((f) => f.category === 'priority' && f.studentId === P.id);
    expect(priority).toMatchObject({ status: 'new', caseId: priorityCaseId, reasons: ['防止返贫监测对象'] });
    const routed = await officer.post<RouteFindingsResult>(`/api/registers/comparisons/${firstRunId}/route`, {
      findingIds: [priority.id],
    });
    expect(routed.body).toMatchObject({ raised: 1, caseIds: [priorityCaseId] });
    const [c] = await t.dataSource.query('SELECT priority, state FROM cases WHERE id = $1', [priorityCaseId]);
    expect(c).toEqual({ priority: true, state: 'suspected' });
    const flags = await t.dataSource.query('SELECT flag FROM student_flags WHERE student_id = $1', [P.id]);
    expect(flags).toContainEqual({ flag: 'poverty_monitoring' });
    const events = await t.dataSource.query(
      "SELECT comment FROM case_events WHERE case_id = $1 AND kind = 'fields_updated'",
      [priorityCaseId],
    );
    expect(events).toEqual([{ comment: expect.stringContaining('防止返贫监测对象') }]);
  });

  it('raises nothing new when the same comparison runs again after routing', async () => {
    const routed = await officer.post<RouteFindingsResult>(`/api/registers/comparisons/${firstRunId}/route`, {
      all: true,
    });
    expect(routed.status).toBe(200);
    const toRoute = first.filter((f) => f.status === 'new' && f.category !== 'priority').length;
    // L (declared a different child) is new too by now.
    expect(routed.body.raised).toBeGreaterThanOrEqual(toRoute);
    expect(routed.body.raised).toBeGreaterThan(0);
    const casesAfterFirst = await casesCount();

    const second = await runComparison(officer, { asOf });
    const findings = await allFindings(officer, second.id);
    const raisedBefore = new Set(
      (await allFindings(officer, firstRunId)).filter((f) => f.status === 'raised').map((f) => f.fullName),
    );
    for (const name of raisedBefore) {
      const again = byName(findings, name);
      expect(again.length).toBeGreaterThan(0);
      for (const f of again) expect(f.status).toBe('covered');
    }
    expect(findings.filter((f) => f.status === 'new' && f.category !== 'priority')).toEqual([]);
    // A person's answers stand: K confirmed the same enrolled child, L a different one (routed since).
    expect(byName(findings, K.full_name)).toEqual([
      expect.objectContaining({ status: 'confirmed_same', studentId: K.id, caseId: null }),
    ]);
    expect(byName(findings, L.full_name)).toEqual([
      expect.objectContaining({ status: 'covered', match: 'candidate' }),
    ]);
    const routedAgain = await officer.post<RouteFindingsResult>(
      `/api/registers/comparisons/${second.id}/route`,
      {
        all: true,
      },
    );
    expect(routedAgain.body).toMatchObject({ raised: 0 });
    expect(await casesCount()).toBe(casesAfterFirst);
  });
});
