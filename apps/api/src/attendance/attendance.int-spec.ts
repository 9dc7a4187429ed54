import { AttendanceMark, addDays, chinaToday } from '@baoxue/domain';
import type {
  ApiError,
  AttendanceSummary,
  AttendanceSummaryRow,
  RollEntry,
  SaveRollResult,
} from '@baoxue/contracts';
import { createTestApp, TestApp } from '../../test/test-app';

interface ClassRef {
  grade: number;
  class_name: string;
}

/** Class rolls (点名) and 应到/实到/未到 through the real API and PostgreSQL. */
describe('attendance rolls and summary', () => {
  let t: TestApp;
  let schoolId: string;
  let schoolRegionId: string;
  let otherSchoolId: string;
  let cls: ClassRef;
  let classIds: string[];
  let today: string;

  const rollUrl = (c: ClassRef, date: string, school = schoolId) =>
    `/api/attendance/rolls?schoolId=${school}&grade=${c.grade}&className=${encodeURIComponent(c.class_name)}&date=${date}`;
  const save = async (username: string, body: object) =>
    (await t.as(username)).request<SaveRollResult & ApiError>('PUT', '/api/attendance/rolls', body);
  const rollBody = (date: string, marks: object[], c: ClassRef = cls) => ({
    schoolId,
    grade: c.grade,
    className: c.class_name,
    date,
    marks,
  });

  beforeAll(async () => {
    t = await createTestApp();
    today = chinaToday(t.clock.now());
    [{ id: schoolId, region_id: schoolRegionId }] = await t.dataSource.query(
      `SELECT o.id, o.region_id FROM users u JOIN organisations o ON o.id = u.scope_school_id
        WHERE u.username = 'school.teacher'`,
    );
    [{ id: otherSchoolId }] = await t.dataSource.query(
      "SELECT id FROM organisations WHERE type = 'school' AND id <> $1 ORDER BY id LIMIT 1",
      [schoolId],
    );
    // The school's largest class.
    [cls] = await t.dataSource.query(
      `SELECT grade, class_name FROM students WHERE school_id = $1 AND enrolment_status = 'enrolled'
          AND merged_into_id IS NULL AND grade IS NOT NULL AND class_name IS NOT NULL
        GROUP BY grade, class_name ORDER BY count(*) DESC, grade, class_name LIMIT 1`,
      [schoolId],
    );
    classIds = (
      await t.dataSource.query(
        `SELECT id FROM students WHERE school_id = $1 AND grade = $2 AND class_name = $3
            AND enrolment_status = 'enrolled' AND merged_into_id IS NULL ORDER BY id`,
        [schoolId, cls.grade, cls.class_name],
      )
    ).map((row: { id: string }) => row.id);
    expect(classIds.length).toBeGreaterThanOrEqual(5);
  }, 120_000);
  afterAll(() => t.close());

  it("lists the school's classes with their children", async () => {
    const classes = await (await t.as('school.teacher')).get('/api/attendance/classes');
    expect(classes.status).toBe(200);
    expect(classes.body).toContainEqual({
      grade: cls.grade,
      className: cls.class_name,
      studentCount: classIds.length,
    });
    expect(
      (await (await t.as('school.teacher')).get(`/api/attendance/classes?schoolId=${otherSchoolId}`)).status,
    ).toBe(404);
  });

  it('round-trips a roll: unmarked first, then every mark as saved, taken by the teacher; audited once per roll', async () => {
    const date = addDays(today, -1);
    const teacher = await t.as('school.teacher');
    const before = await teacher.get(rollUrl(cls, date));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      schoolId,
      grade: cls.grade,
      className: cls.class_name,
      date,
      taken: false,
      takenAt: null,
    });
    expect(before.body.entries.map((e: RollEntry) => e.studentId).sort()).toEqual(classIds);
    expect(before.body.entries.every((e: RollEntry) => e.mark === null)).toBe(true);

    const cycle: AttendanceMark[] = ['present', 'late', 'excused', 'unexcused'];
    const marks = classIds.map((studentId, i) => {
      const mark = cycle[i % 4];
      return {
        studentId,
        mark,
        ...(mark === 'excused' ? { excuseReason: 'family' } : {}),
        ...(i === 0 ? { note: ' 带病上课 ' } : {}),
      };
    });
    const saved = await save('school.teacher', rollBody(date, marks));
    expect(saved.status).toBe(200);
    expect(saved.body.roll).toMatchObject({ taken: true, takenByName: expect.any(String) });

    const after = await teacher.get(rollUrl(cls, date));
    const byId = new Map(after.body.entries.map((e: RollEntry) => [e.studentId, e]));
    marks.forEach((m, i) => {
      expect(byId.get(m.studentId)).toMatchObject({
        mark: m.mark,
        excuseReason: m.mark === 'excused' ? 'family' : null,
        note: i === 0 ? '带病上课' : null,
      });
    });
    expect(after.body.taken).toBe(true);
    expect(after.body.takenAt).toEqual(expect.any(String));

    const audits = await t.dataSource.query(
      "SELECT action, count(*)::int AS n FROM audit_events WHERE action LIKE 'attendance.%' GROUP BY action ORDER BY action",
    );
    expect(audits).toEqual([
      { action: 'attendance.roll_read', n: 2 },
      { action: 'attendance.roll_save', n: 1 },
    ]);

    // Saved again, a mark replaces the one before (one row per child and day).
    const again = await save(
      'school.teacher',
      rollBody(date, [{ studentId: classIds[0], mark: 'unexcused' }]),
    );
    expect(again.status).toBe(200);
    const rows = await t.dataSource.query(
      'SELECT mark FROM attendance_records WHERE student_id = $1 AND date = $2',
      [classIds[0], date],
    );
    expect(rows).toEqual([{ mark: 'unexcused' }]);
  });

  /**
   * The SQL of the one transaction that wrote marks while `run` ran (statements are grouped by
   * the query runner that issued them, so session touches and other requests do not count).
   */
  async function savingTransaction(run: () => Promise<void>): Promise<string[]> {
    const logQuery = jest.spyOn(t.dataSource.logger, 'logQuery');
    try {
      await run();
      const byRunner = new Map<unknown, string[]>();
      for (const [query, , runner] of logQuery.mock.calls)
        byRunner.set(runner, [...(byRunner.get(runner) ?? []), query]);
      const writers = [...byRunner.values()].filter((statements) =>
        statements.some((q) => q.includes('INSERT INTO attendance_records')),
      );
      expect(writers).toHaveLength(1);
      return writers[0];
    } finally {
      logQuery.mockRestore();
    }
  }

  it('saves a class of 50 set-based: as many statements as a roll of one child, one insert of marks', async () => {
    const big = { grade: 5, class_name: '五十人班' };
    const ids: string[] = (
      await t.dataSource.query(
        `INSERT INTO students (full_name, sex, birth_date, region_path, school_region_path, school_id,
           hukou_region_id, grade, class_name)
         SELECT '学生' || g, s.sex, s.birth_date, s.region_path, s.school_region_path, s.school_id,
                s.hukou_region_id, $2, $3
           FROM generate_series(1, 50) g,
                (SELECT * FROM students WHERE school_id = $1 ORDER BY id LIMIT 1) s
         RETURNING id`,
        [schoolId, big.grade, big.class_name],
      )
    ).map((row: { id: string }) => row.id);
    const date = addDays(today, -8);
    const marks = ids.map((studentId, i) => ({ studentId, mark: i % 10 === 0 ? 'late' : 'present' }));
    const ofOne = await savingTransaction(async () => {
      expect((await save('school.teacher', rollBody(addDays(date, -1), marks.slice(0, 1), big))).status).toBe(
        200,
      );
    });
    let saved!: Awaited<ReturnType<typeof save>>;
    const ofFifty = await savingTransaction(async () => {
      saved = await save('school.teacher', rollBody(date, marks, big));
    });
    expect(saved.status).toBe(200);
    expect(saved.body.roll.entries).toHaveLength(50);
    expect(saved.body.roll.taken).toBe(true);
    // Nothing per child: the statement count does not grow with the class.
    expect(ofFifty).toHaveLength(ofOne.length);
    expect(ofFifty.filter((q) => q.includes('INSERT INTO attendance_records'))).toHaveLength(1);
    expect(ofFifty.filter((q) => q.includes('INSERT INTO attendance_rolls'))).toHaveLength(1);
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM attendance_records WHERE date = $1 AND class_name = $2',
      [date, big.class_name],
    );
    expect(n).toBe(50);
  });

  it('refuses bad marks with 400s naming the field and the rule, saving nothing', async () => {
    const date = addDays(today, -2);
    const count = async () =>
      (
        await t.dataSource.query('SELECT count(*)::int AS n FROM attendance_records WHERE date = $1', [date])
      )[0].n;
    const cases: [object, string, string][] = [
      [
        rollBody(date, [
          { studentId: classIds[0], mark: 'present' },
          { studentId: classIds[1], mark: 'excused' },
        ]),
        'marks.1.excuseReason',
        'requiredWhenExcused',
      ],
      [
        rollBody(date, [{ studentId: classIds[0], mark: 'present', excuseReason: 'sick' }]),
        'marks.0.excuseReason',
        'onlyWhenExcused',
      ],
      [rollBody(date, [{ studentId: classIds[0], mark: 'away' }]), 'marks.0.mark', 'isIn'],
      [
        rollBody(date, [
          { studentId: classIds[0], mark: 'present' },
          { studentId: classIds[0], mark: 'late' },
        ]),
        'marks.1.studentId',
        'unique',
      ],
      [rollBody(addDays(today, 1), [{ studentId: classIds[0], mark: 'present' }]), 'date', 'notFuture'],
      [rollBody('2026-02-30', [{ studentId: classIds[0], mark: 'present' }]), 'date', 'isDate'],
      [rollBody('yesterday', [{ studentId: classIds[0], mark: 'present' }]), 'date', 'matches'],
      [{ ...rollBody(date, []), grade: 12 }, 'grade', 'max'],
    ];
    for (const [body, field, rule] of cases) {
      const response = await save('school.teacher', body);
      expect({ status: response.status, details: response.body.details }).toEqual({
        status: 400,
        details: expect.arrayContaining([expect.objectContaining({ field, rule })]),
      });
    }
    // A child of another class is not on this roll.
    const [stranger] = await t.dataSource.query(
      `SELECT id FROM students WHERE school_id = $1 AND (grade, class_name) <> ($2, $3) AND merged_into_id IS NULL LIMIT 1`,
      [schoolId, cls.grade, cls.class_name],
    );
    const offRoll = await save(
      'school.teacher',
      rollBody(date, [
        { studentId: classIds[0], mark: 'present' },
        { studentId: stranger.id, mark: 'present' },
      ]),
    );
    expect(offRoll.status).toBe(400);
    expect(offRoll.body.details).toEqual([
      expect.objectContaining({ field: 'marks.1.studentId', rule: 'onRoll' }),
    ]);
    expect(await count()).toBe(0);
  });

  it("answers another school's roll as missing (404), and lets no village official save one", async () => {
    const date = addDays(today, -3);
    const teacher = await t.as('school.teacher');
    expect((await teacher.get(rollUrl(cls, date, otherSchoolId))).status).toBe(404);
    const put = await save('school.teacher', {
      ...rollBody(date, [{ studentId: classIds[0], mark: 'present' }]),
      schoolId: otherSchoolId,
    });
    expect(put.status).toBe(404);
    const village = await save(
      'village.official',
      rollBody(date, [{ studentId: classIds[0], mark: 'present' }]),
    );
    expect(village.status).toBe(403);
    const bureau = await save('bureau.officer', rollBody(date, [{ studentId: classIds[0], mark: 'late' }]));
    expect(bureau.status).toBe(200);
  });

  it('sums 应到/实到/未到 as a hand count, for the school, its classes and the region above', async () => {
    const date = addDays(today, -5);
    // Hand count: 2 present, 1 late, 1 excused, 1 unexcused of the class; the other children not marked.
    const planned: [number, AttendanceMark][] = [
      [0, 'present'],
      [1, 'present'],
      [2, 'late'],
      [3, 'excused'],
      [4, 'unexcused'],
    ];
    const saved = await save(
      'school.teacher',
      rollBody(
        date,
        planned.map(([i, mark]) => ({
          studentId: classIds[i],
          mark,
          ...(mark === 'excused' ? { excuseReason: 'sick' } : {}),
        })),
      ),
    );
    expect(saved.status).toBe(200);
    const [{ n: classes }] = await t.dataSource.query(
      `SELECT count(DISTINCT (grade, class_name))::int AS n FROM students WHERE school_id = $1
          AND enrolment_status = 'enrolled' AND merged_into_id IS NULL AND grade IS NOT NULL AND class_name IS NOT NULL`,
      [schoolId],
    );
    const expected = { expected: 5, present: 3, absent: 2, late: 1, excused: 1, unexcused: 1 };

    const school = await (await t.as('school.teacher')).get(`/api/attendance/summary?date=${date}`);
    expect(school.status).toBe(200);
    expect(school.body).toMatchObject({ ...expected, classes, classesNotTaken: classes - 1, date });
    expect(school.body.node.ref).toBe(`school:${schoolId}`);
    const row = school.body.children.find(
      (c: AttendanceSummaryRow) =>
        c.node.name.includes(cls.class_name) && c.node.ref.includes(`:${cls.grade}:`),
    );
    expect(row).toMatchObject({ ...expected, classes: 1, classesNotTaken: 0 });
    expect(school.body.children).toHaveLength(classes);

    const region = await (
      await t.as('bureau.officer')
    ).get(`/api/attendance/summary?node=region:${schoolRegionId}&date=${date}`);
    expect(region.status).toBe(200);
    expect(region.body).toMatchObject(expected);
    const schoolRow = region.body.children.find(
      (c: AttendanceSummaryRow) => c.node.ref === `school:${schoolId}`,
    );
    expect(schoolRow).toMatchObject({ ...expected, classesNotTaken: classes - 1 });

    const zone = await (
      await t.as('bureau.officer')
    ).get<AttendanceSummary>(`/api/attendance/summary?date=${date}`);
    expect(zone.body).toMatchObject(expected);
    const sumOfChildren = zone.body.children.reduce(
      (n: number, c: AttendanceSummaryRow) => n + c.expected,
      0,
    );
    expect(sumOfChildren).toBe(5);

    // Another day: nothing taken.
    const empty = await (
      await t.as('school.teacher')
    ).get(`/api/attendance/summary?date=${addDays(today, -30)}`);
    expect(empty.body).toMatchObject({ expected: 0, present: 0, classes, classesNotTaken: classes });
    // Outside the scope: 404.
    expect(
      (await (await t.as('school.teacher')).get(`/api/attendance/summary?node=school:${otherSchoolId}`))
        .status,
    ).toBe(404);
    expect((await (await t.as('school.teacher')).get('/api/attendance/summary?date=2026-13-01')).status).toBe(
      400,
    );
  });
});
