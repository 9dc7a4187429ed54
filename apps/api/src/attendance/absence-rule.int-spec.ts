import { AttendanceMark, addDays, chinaToday, DayMark, unexcusedRunEndingOn } from '@baoxue/domain';
import type { ApiError, SaveRollResult } from '@baoxue/contracts';
import fc from 'fast-check';
import { createTestApp, TestApp } from '../../test/test-app';
import { absenceRunsReaching } from './absence-runs';

interface Child {
  id: string;
  grade: number;
  class_name: string;
}

/** The consecutive-absence rule (连续无故缺勤 → 疑似辍学) through the real API, PostgreSQL and Redis. */
describe('the consecutive-absence rule', () => {
  let t: TestApp;
  let schoolId: string;
  let villagePath: string;
  let today: string;
  /** Children of the teacher's school with no case, handed out one per test. */
  let pool: Child[];
  let villageChild: Child;

  const day = (n: number) => addDays(today, n - 20);
  const take = () => pool.shift() as Child;

  async function mark(
    username: string,
    child: Child,
    date: string,
    mark: AttendanceMark,
    excuseReason?: string,
  ) {
    const client = await t.as(username);
    return client.request<SaveRollResult & ApiError>('PUT', '/api/attendance/rolls', {
      schoolId,
      grade: child.grade,
      className: child.class_name,
      date,
      marks: [{ studentId: child.id, mark, ...(excuseReason ? { excuseReason } : {}) }],
    });
  }

  async function markDays(child: Child, marks: [number, AttendanceMark][]) {
    const opened = [];
    for (const [n, m] of marks) {
      const saved = await mark('school.teacher', child, day(n), m, m === 'excused' ? 'sick' : undefined);
      expect(saved.status).toBe(200);
      opened.push(...saved.body.openedCases);
    }
    return opened;
  }

  const casesOf = (studentId: string) =>
    t.dataSource.query(
      `SELECT id, type, source, state, primary_reason, reason_note, to_char(absent_since, 'YYYY-MM-DD') AS absent_since
         FROM cases WHERE student_id = $1`,
      [studentId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    today = chinaToday(t.clock.now());
    [{ id: schoolId }] = await t.dataSource.query(
      "SELECT scope_school_id AS id FROM users WHERE username = 'school.teacher'",
    );
    [{ scope_path: villagePath }] = await t.dataSource.query(
      "SELECT scope_path FROM users WHERE username = 'village.official'",
    );
    const children: (Child & { region_path: string })[] = await t.dataSource.query(
      `SELECT s.id, s.grade, s.class_name, s.region_path FROM students s
        WHERE s.school_id = $1 AND s.enrolment_status = 'enrolled' AND s.merged_into_id IS NULL
          AND s.grade IS NOT NULL AND s.class_name IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
        ORDER BY s.id`,
      [schoolId],
    );
    const inVillage = children.find((c) => c.region_path === villagePath);
    if (!inVillage) throw new Error('the demo school has no child of the village official’s village');
    villageChild = inVillage;
    pool = children.filter((c) => c.id !== inVillage.id);
    expect(pool.length).toBeGreaterThanOrEqual(8);
  }, 120_000);
  afterAll(() => t.close());

  it('opens exactly one suspected case after 3 unexcused days in a row, assigned to the school and the village, both notified', async () => {
    const child = villageChild;
    expect(
      await markDays(child, [
        [1, 'unexcused'],
        [2, 'unexcused'],
      ]),
    ).toEqual([]);
    expect(await casesOf(child.id)).toEqual([]);

    const opened = await markDays(child, [[3, 'unexcused']]);
    expect(opened).toEqual([
      { caseId: expect.any(String), studentId: child.id, studentName: expect.any(String), run: 3 },
    ]);
    const [c] = await casesOf(child.id);
    expect(c).toMatchObject({
      id: opened[0].caseId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      state: 'suspected',
      absent_since: day(1),
      reason_note: '连续3个教学日无故缺勤，系统自动生成',
    });
    const timeline = await t.dataSource.query(
      "SELECT kind, comment FROM case_events WHERE case_id = $1 AND kind = 'opened'",
      [c.id],
    );
    expect(timeline).toEqual([{ kind: 'opened', comment: '连续3个教学日无故缺勤，系统自动生成' }]);

    const responsibles: { username: string; party: string; line: string; level: string }[] =
      await t.dataSource.query(
        `SELECT u.username, r.party, r.line, r.level FROM case_responsibles r JOIN users u ON u.id = r.user_id
          WHERE r.case_id = $1 ORDER BY u.username`,
        [c.id],
      );
    expect(responsibles).toEqual([
      { username: 'school.teacher', party: 'school', line: 'education', level: 'class' },
      { username: 'village.official', party: 'village', line: 'government', level: 'village' },
    ]);
    const notified: { username: string }[] = await t.dataSource.query(
      `SELECT u.username FROM notifications n JOIN users u ON u.id = n.recipient_user_id
        WHERE n.case_id = $1 ORDER BY u.username`,
      [c.id],
    );
    expect(notified.map((n) => n.username)).toEqual(['school.teacher', 'village.official']);
    const inbox = await (await t.as('village.official')).get('/api/notifications');
    expect(JSON.stringify(inbox.body)).toContain(`/cases/${c.id}`);

    // A 4th and a 5th day add no case.
    expect(
      await markDays(child, [
        [4, 'unexcused'],
        [5, 'unexcused'],
      ]),
    ).toEqual([]);
    expect(await casesOf(child.id)).toHaveLength(1);
    const saved = await mark('school.teacher', child, day(5), 'unexcused');
    expect(saved.body.roll.entries.find((e) => e.studentId === child.id)?.openCaseId).toBe(c.id);
  });

  it('an excused absence in between breaks the run', async () => {
    const child = take();
    const opened = await markDays(child, [
      [1, 'unexcused'],
      [2, 'excused'],
      [3, 'unexcused'],
      [4, 'unexcused'],
    ]);
    expect(opened).toEqual([]);
    expect(await casesOf(child.id)).toEqual([]);
  });

  it('a present (or late) day breaks the run', async () => {
    const child = take();
    expect(
      await markDays(child, [
        [1, 'unexcused'],
        [2, 'unexcused'],
        [3, 'present'],
        [4, 'unexcused'],
        [5, 'unexcused'],
      ]),
    ).toEqual([]);
    const other = take();
    expect(
      await markDays(other, [
        [1, 'unexcused'],
        [2, 'late'],
        [3, 'unexcused'],
        [4, 'unexcused'],
      ]),
    ).toEqual([]);
    expect(await casesOf(child.id)).toEqual([]);
    expect(await casesOf(other.id)).toEqual([]);
  });

  it('days without a roll neither break nor extend a run', async () => {
    const child = take();
    // Days 2 and 4 have no mark for the child (no roll, a weekend, a holiday).
    expect(
      await markDays(child, [
        [1, 'unexcused'],
        [3, 'unexcused'],
      ]),
    ).toEqual([]);
    const opened = await markDays(child, [[5, 'unexcused']]);
    expect(opened).toHaveLength(1);
    expect(opened[0].run).toBe(3);
    expect((await casesOf(child.id))[0].absent_since).toBe(day(1));
  });

  it('a bureau officer correcting a roll opens the case too, naming the school', async () => {
    const child = take();
    await markDays(child, [
      [1, 'unexcused'],
      [2, 'unexcused'],
    ]);
    const saved = await mark('bureau.officer', child, day(3), 'unexcused');
    expect(saved.status).toBe(200);
    expect(saved.body.openedCases).toHaveLength(1);
    const schoolLine = await t.dataSource.query(
      `SELECT r.party, r.level, r.organisation_id FROM case_responsibles r
        WHERE r.case_id = $1 AND r.line = 'education'`,
      [saved.body.openedCases[0].caseId],
    );
    expect(schoolLine).toEqual([{ party: 'school', level: 'school', organisation_id: schoolId }]);
  });

  it('two saves at once end with exactly one case, and neither fails', async () => {
    const child = take();
    await markDays(child, [
      [1, 'unexcused'],
      [2, 'unexcused'],
    ]);
    const [a, b] = await Promise.all([
      mark('school.teacher', child, day(3), 'unexcused'),
      mark('school.principal', child, day(3), 'unexcused'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.openedCases.length + b.body.openedCases.length).toBe(1);
    expect(await casesOf(child.id)).toHaveLength(1);
  });

  it('a case opened meanwhile by another transaction skips the child alone: the roll is saved, the save succeeds', async () => {
    const child = take();
    await markDays(child, [
      [1, 'unexcused'],
      [2, 'unexcused'],
    ]);
    const waitingOnLock = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n > 0;
    const other = t.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      const [{ id: otherCaseId }] = await other.query(
        `INSERT INTO cases (student_id, type, source, primary_reason, region_path, school_id, school_region_path)
         SELECT id, 'suspected_dropout', 'village_patrol', 'other', region_path, school_id, school_region_path
           FROM students WHERE id = $1
         RETURNING id`,
        [child.id],
      );
      let settled = false;
      const saving = mark('school.teacher', child, day(3), 'unexcused').finally(() => {
        settled = true;
      });
      // The save cannot see the uncommitted case, so its insert waits on the one-open-case index.
      while (!settled && !(await waitingOnLock())) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(settled).toBe(false);
      await other.commitTransaction();

      const saved = await saving;
      expect(saved.status).toBe(200);
      expect(saved.body.openedCases).toEqual([]);
      expect(saved.body.roll.entries.find((e) => e.studentId === child.id)?.openCaseId).toBe(otherCaseId);
      expect((await casesOf(child.id)).map((c: { id: string }) => c.id)).toEqual([otherCaseId]);
      const [{ n: marks }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM attendance_records WHERE student_id = $1 AND date = $2',
        [child.id, day(3)],
      );
      expect(marks).toBe(1);
      // The refused open left nothing behind: no audit of it, no notification.
      const [{ n: audits }] = await t.dataSource.query(
        "SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.open' AND details->>'studentId' = $1",
        [child.id],
      );
      expect(audits).toBe(0);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('counts runs in SQL exactly as the domain does, on random histories', async () => {
    const child = take();
    const markArb = fc.constantFrom<AttendanceMark>('present', 'late', 'excused', 'unexcused', 'unexcused');
    // Random days out of a 40-day window (gaps are days without a roll), each with a random mark.
    const history = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 39 }), markArb), {
      minLength: 1,
      maxLength: 25,
      selector: ([n]) => n,
    });
    await fc.assert(
      fc.asyncProperty(history, async (entries) => {
        await t.dataSource.query('DELETE FROM attendance_records WHERE student_id = $1', [child.id]);
        const days: DayMark[] = entries.map(([n, m]) => ({ date: addDays(today, n - 60), mark: m }));
        await t.dataSource.query(
          `INSERT INTO attendance_records (student_id, school_id, date, mark, excuse_reason)
           SELECT $1, $2, d, m, CASE WHEN m = 'excused' THEN 'sick'::excuse_reason END
             FROM unnest($3::date[], $4::attendance_mark[]) AS x(d, m)`,
          [child.id, schoolId, days.map((d) => d.date), days.map((d) => d.mark)],
        );
        for (const d of days.filter((x) => x.mark === 'unexcused')) {
          const expected = unexcusedRunEndingOn(days, d.date);
          const [found] = await absenceRunsReaching(
            t.dataSource.manager,
            [{ studentId: child.id, date: d.date }],
            1,
          );
          expect(found?.run).toBe(expected);
          const runDays = days
            .filter((x) => x.date <= d.date)
            .sort((x, y) => (x.date < y.date ? -1 : 1))
            .slice(-expected);
          expect(found?.since).toBe(runDays[0].date);
        }
      }),
      { seed: 20261202, numRuns: 40 },
    );
  });
});
