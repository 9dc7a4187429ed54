import { addDays, chinaToday } from '@baoxue/domain';
import type { ApiError, AttendanceImportResult } from '@baoxue/contracts';
import ExcelJS from 'exceljs';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../../test/test-app';

interface Child {
  id: string;
  full_name: string;
  student_number: string;
  grade: number;
  class_name: string;
}

const HEADINGS = ['日期', '年级', '班级', '姓名', '学籍号', '考勤', '请假原因', '备注'];

/** Attendance spreadsheets (考勤表导入) through the real API and PostgreSQL. */
describe('attendance imports', () => {
  let t: TestApp;
  let schoolId: string;
  let children: Child[];
  let today: string;
  let cookie: string;

  const csv = (rows: (string | number)[][], headings = HEADINGS) =>
    [headings, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
  const rowOf = (c: Child, date: string, mark: string, reason = '', note = ''): (string | number)[] => [
    date,
    c.grade,
    c.class_name,
    c.full_name,
    c.student_number,
    mark,
    reason,
    note,
  ];
  const records = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM attendance_records'))[0].n as number;

  async function upload(
    file: Buffer | string,
    fields: Record<string, string>,
    filename = 'attendance.csv',
  ): Promise<{ status: number; body: AttendanceImportResult & ApiError }> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), filename);
    return send(form);
  }

  async function send(
    body: FormData | string,
    headers: Record<string, string> = {},
    path = '/api/attendance/imports',
    method = 'POST',
  ): Promise<{ status: number; body: AttendanceImportResult & ApiError }> {
    const response = await fetch(`${t.baseUrl}${path}`, { method, headers: { cookie, ...headers }, body });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    t = await createTestApp();
    today = chinaToday(t.clock.now());
    [{ id: schoolId }] = await t.dataSource.query(
      "SELECT scope_school_id AS id FROM users WHERE username = 'school.teacher'",
    );
    children = await t.dataSource.query(
      `SELECT id, full_name, student_number, grade, class_name FROM students
        WHERE school_id = $1 AND enrolment_status = 'enrolled' AND merged_into_id IS NULL
          AND student_number IS NOT NULL AND grade IS NOT NULL AND class_name IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = students.id)
        ORDER BY id LIMIT 6`,
      [schoolId],
    );
    expect(children).toHaveLength(6);
    const login = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'school.teacher', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }, 120_000);
  afterAll(() => t.close());

  it('a dry run reports every bad row by row and column, and writes nothing', async () => {
    const [a, b, c] = children;
    const day = addDays(today, -3);
    const sheet = csv([
      rowOf(a, day, '出勤'), // row 2: good
      [day, 3, '1班', '查无此人', 'G000000000000000000', '出勤', '', ''], // row 3: unknown child
      rowOf(b, day, '旷课'), // row 4: bad mark
      rowOf(c, '2026-02-30', '出勤'), // row 5: bad date
      rowOf(c, addDays(today, 1), '出勤'), // row 6: future date
      rowOf(b, addDays(day, -1), '请假'), // row 7: excused without reason
      rowOf(a, day, '迟到'), // row 8: a's second mark for the day
    ]);
    const result = await upload(sheet, { dryRun: 'true', schoolId });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ dryRun: true, rows: 7, saved: 0, openedCases: [] });
    const found = result.body.problems.map((p) => [p.row, p.field, p.rule]);
    expect(found).toEqual([
      [3, '学籍号', 'unknownChild'],
      [4, '考勤', 'isIn'],
      [5, '日期', 'isDate'],
      [6, '日期', 'notFuture'],
      [7, '请假原因', 'requiredWhenExcused'],
      [8, '日期', 'duplicate'],
    ]);
    expect(result.body.problems.every((p) => typeof p.message === 'string' && p.message.length > 0)).toBe(
      true,
    );
    expect(await records()).toBe(0);

    // Not a dry run: with any problem, still nothing is saved.
    const refused = await upload(sheet, { dryRun: 'false', schoolId });
    expect(refused.body).toMatchObject({ dryRun: false, saved: 0 });
    expect(refused.body.problems).toHaveLength(6);
    expect(await records()).toBe(0);
  });

  it('refuses a missing column, an empty file and a file that is no spreadsheet with a 400 that says so', async () => {
    const missing = await upload(
      csv([['2026-01-05', 3, '1班', '张三', '出勤']], ['日期', '年级', '班级', '姓名', '考勤']),
      {},
    );
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'missingColumn' })]);
    expect(missing.body.message).toContain('学籍号 或 身份证号');

    const empty = await upload('', {});
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'notEmpty' })]);

    const headingsOnly = await upload(csv([]), {});
    expect(headingsOnly.status).toBe(400);

    const binary = await upload(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0xff, 0xfe]),
      {},
      'photo.png',
    );
    expect(binary.status).toBe(400);
    expect(binary.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'isSpreadsheet' })]);

    const tooLarge = await upload(Buffer.alloc(11 * 1024 * 1024, 0x41), {});
    expect(tooLarge.status).toBe(413);

    const noFile = await upload('', {}).then(() =>
      fetch(`${t.baseUrl}/api/attendance/imports`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(noFile.status).toBe(400);
    expect(await records()).toBe(0);
  });

  it('reads the form with its limits: a file past the JSON body limit is read, two files or a bad field are refused', async () => {
    const csvOf = (c: Child) => csv([rowOf(c, addDays(today, -30), '出勤')]);
    // 2 MB is over the 1 MB limit of JSON bodies, under the import's 10 MB: it reaches the sheet reader.
    const large = await upload(Buffer.alloc(2 * 1024 * 1024, 0x41), { dryRun: 'true' });
    expect(large.status).toBe(400);
    expect(large.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
    expect(large.body.details?.[0].rule).not.toBe('isMultipart');

    // The file may come before the fields.
    const fileFirst = new FormData();
    fileFirst.append('file', new Blob([csvOf(children[0])]), 'attendance.csv');
    fileFirst.append('dryRun', 'true');
    fileFirst.append('schoolId', schoolId);
    const checked = await send(fileFirst);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ dryRun: true, rows: 1, saved: 0, problems: [] });

    const twoFiles = new FormData();
    twoFiles.append('file', new Blob([csvOf(children[0])]), 'a.csv');
    twoFiles.append('file', new Blob([csvOf(children[1])]), 'b.csv');
    expect((await send(twoFiles)).status).toBe(413);

    const badSchool = await upload(csvOf(children[0]), { schoolId: 'school-1' });
    expect(badSchool.status).toBe(400);
    expect(badSchool.body.details).toEqual([expect.objectContaining({ field: 'schoolId', rule: 'isUuid' })]);
    const badDryRun = await upload(csvOf(children[0]), { dryRun: 'yes' });
    expect(badDryRun.status).toBe(400);
    expect(badDryRun.body.details).toEqual([expect.objectContaining({ field: 'dryRun', rule: 'isBoolean' })]);

    const fileAsText = new FormData();
    fileAsText.append('file', csvOf(children[0]));
    const asText = await send(fileAsText);
    expect(asText.status).toBe(400);
    expect(asText.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'isNotEmpty' })]);

    // Malformed multipart is the caller's error, never a 500.
    const noBoundary = await send('--x\r\n', { 'content-type': 'multipart/form-data' });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.details).toEqual([
      expect.objectContaining({ field: 'file', rule: 'isMultipart' }),
    ]);

    // A JSON route sent a form refuses it as a bad body, like any other.
    const rollAsForm = new FormData();
    rollAsForm.append('schoolId', schoolId);
    const roll = await send(rollAsForm, {}, '/api/attendance/rolls', 'PUT');
    expect(roll.status).toBe(400);
    expect(await records()).toBe(0);
  });

  it('imports a good .xlsx whole: every mark saved, each class-day a roll, one audit event; codes and labels both read', async () => {
    const [a, b, c, d] = children;
    const d1 = addDays(today, -6);
    const d2 = addDays(today, -5);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('考勤');
    sheet.addRow(HEADINGS);
    for (const row of [
      rowOf(a, d1, '出勤'),
      rowOf(b, d1, '请假', '病假', '发烧'),
      rowOf(c, d1, 'late'),
      rowOf(d, d1, '无故缺勤'),
      rowOf(a, d2, 'present'),
      rowOf(b, d2, 'excused', 'family'),
    ])
      sheet.addRow(row);
    // A real Excel date cell, as a teacher's sheet has it.
    sheet.addRow([
      new Date(`${d2}T00:00:00Z`),
      c.grade,
      c.class_name,
      c.full_name,
      c.student_number,
      '迟到',
      '',
      '',
    ]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const check = await upload(file, { dryRun: 'true', schoolId }, 'attendance.xlsx');
    expect(check.body).toMatchObject({ dryRun: true, rows: 7, saved: 0, problems: [] });
    expect(await records()).toBe(0);

    const result = await upload(file, { dryRun: 'false' }, 'attendance.xlsx');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ dryRun: false, rows: 7, saved: 7, problems: [], openedCases: [] });
    const saved = await t.dataSource.query(
      `SELECT student_id, to_char(date, 'YYYY-MM-DD') AS date, mark, excuse_reason, note FROM attendance_records
        ORDER BY date, student_id`,
    );
    expect(saved).toHaveLength(7);
    expect(saved).toContainEqual({
      student_id: b.id,
      date: d1,
      mark: 'excused',
      excuse_reason: 'sick',
      note: '发烧',
    });
    expect(saved).toContainEqual({
      student_id: c.id,
      date: d2,
      mark: 'late',
      excuse_reason: null,
      note: null,
    });
    const [{ n: rolls }] = await t.dataSource.query('SELECT count(*)::int AS n FROM attendance_rolls');
    const classDays = new Set([a, b, c, d].map((x) => `${x.grade}:${x.class_name}:${d1}`));
    for (const x of [a, b, c]) classDays.add(`${x.grade}:${x.class_name}:${d2}`);
    expect(rolls).toBe(classDays.size);
    const audits = await t.dataSource.query(
      "SELECT details FROM audit_events WHERE action = 'attendance.import'",
    );
    expect(audits).toEqual([{ details: expect.objectContaining({ rows: 7, marks: 7 }) }]);
  });

  it('imports a UTF-8 .csv with a BOM, and the absence rule opens its case from imported days', async () => {
    const child = children[5];
    const days = [-12, -11, -10].map((n) => addDays(today, n));
    // With a title row above the headings, as schools' sheets often have.
    const sheet =
      '\uFEFF' + '三年级考勤表,,,,,,,\r\n' + csv(days.map((day) => rowOf(child, day, '无故缺勤')));
    const result = await upload(sheet, {});
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ rows: 3, saved: 3, problems: [] });
    expect(result.body.openedCases).toEqual([expect.objectContaining({ studentId: child.id, run: 3 })]);
    const cases = await t.dataSource.query(
      "SELECT to_char(absent_since, 'YYYY-MM-DD') AS since FROM cases WHERE student_id = $1",
      [child.id],
    );
    expect(cases).toEqual([{ since: days[0] }]);
  });
});
