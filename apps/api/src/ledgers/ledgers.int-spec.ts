import { randomUUID } from 'node:crypto';
import { LedgerPage, LedgerRow } from '@baoxue/contracts';
import { CaseState, chinaToday, maskIdNumber } from '@baoxue/domain';
import ExcelJS from 'exceljs';
import { openBareCase } from '../../test/bare-case';
import { fetchBytes } from '../../test/fetch-bytes';
import { createTestApp, TestApp } from '../../test/test-app';
import { IdNumberCipher } from '../students/id-number-cipher';
import { LedgerExportService } from './ledger-export.service';

/** The ledgers pinned to 2026-11-20 (China), noon: D is three days earlier. */
const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const TODAY = '2026-11-20';
const D = '2026-11-17';
const at = (day: string, time: string) => `${day}T${time}:00+08:00`;
const TUANLI_TOWN = '%/370829104/';
const TUANLI = '%/370829104/%';

describe('ledgers (台账): rows as of a day, Excel exports, the export job', () => {
  let t: TestApp;
  let tuanli: { id: string; path: string };
  /** a: verifying on D, persuading from D+1 00:01; b: verifying D 23:59, excluded D+1; c: opened D+1;
   *  e: a dropout of last school year, closed before this one; f: confirmed and returned before D. */
  const cases: Record<'a' | 'b' | 'c' | 'e' | 'f', string> = { a: '', b: '', c: '', e: '', f: '' };

  /** Rewrites a bare case's history: the opening and each later state change at the times given. */
  const history = async (caseId: string, steps: [CaseState, string][], extra = ''): Promise<void> => {
    const db = t.dataSource;
    await db.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
    try {
      await db.query(`UPDATE case_events SET at = $2 WHERE case_id = $1 AND kind = 'opened'`, [
        caseId,
        steps[0][1],
      ]);
      for (let i = 1; i < steps.length; i++)
        await db.query(
          `INSERT INTO case_events (case_id, kind, from_state, to_state, at) VALUES ($1, 'transition', $2, $3, $4)`,
          [caseId, steps[i - 1][0], steps[i][0], steps[i][1]],
        );
      await db.query(`UPDATE cases SET opened_at = $2, state = $3 ${extra} WHERE id = $1`, [
        caseId,
        steps[0][1],
        steps[steps.length - 1][0],
      ]);
    } finally {
      await db.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
    }
  };

  const child = `s.region_path LIKE '${TUANLI}' AND s.id_number_hash IS NOT NULL
    AND s.birth_date BETWEEN '2012-01-01' AND '2018-01-01'
    AND EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id AND g.phone IS NOT NULL)`;

  const get = async <T = LedgerPage>(username: string, path: string) => (await t.as(username)).get<T>(path);

  /** Every row of a ledger, page by page. */
  const all = async (username: string, kind: string, query: string): Promise<LedgerRow[]> => {
    const rows: LedgerRow[] = [];
    for (let page = 1; ; page++) {
      const response = await get(username, `/api/ledgers/${kind}?${query}&page=${page}&pageSize=200`);
      expect(response.status).toBe(200);
      rows.push(...response.body.items);
      if (rows.length >= response.body.total) return rows;
    }
  };

  /** A binary download with a fresh session of `username`. */
  const download = (username: string, path: string) => fetchBytes(t, username, path);

  const workbook = async (bytes: Buffer): Promise<ExcelJS.Worksheet> => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book.worksheets[0];
  };

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    t.clock.advance(NOW - Date.now());
    [tuanli] = await t.dataSource.query(`SELECT id, path FROM regions WHERE kind = 'town' AND path LIKE $1`, [
      TUANLI_TOWN,
    ]);
    for (const key of Object.keys(cases) as (keyof typeof cases)[])
      cases[key] = (await openBareCase(t, child, [])).id;
    await history(cases.a, [
      ['suspected', at('2026-11-15', '09:00')],
      ['verifying', at('2026-11-16', '10:00')],
      ['persuading', at('2026-11-18', '00:01')],
    ]);
    await history(
      cases.b,
      [
        ['suspected', at('2026-11-16', '09:00')],
        ['verifying', at(D, '23:59')],
        ['excluded', at('2026-11-18', '10:00')],
      ],
      `, exclusion_reason = 'studying_elsewhere'`,
    );
    await history(cases.c, [['suspected', at('2026-11-18', '08:00')]]);
    await history(
      cases.e,
      [
        ['suspected', at('2026-03-01', '09:00')],
        ['verifying', at('2026-03-02', '09:00')],
        ['persuading', at('2026-03-05', '09:00')],
        ['monitoring', at('2026-04-01', '09:00')],
        ['closed', at('2026-08-20', '09:00')],
      ],
      `, return_date = '2026-04-01', return_mode = 'original_class', closed_at = '${at('2026-08-20', '09:00')}'`,
    );
    await history(
      cases.f,
      [
        ['suspected', at('2026-10-01', '09:00')],
        ['verifying', at('2026-10-02', '09:00')],
        ['persuading', at('2026-10-10', '09:00')],
        ['monitoring', at('2026-11-01', '09:00')],
      ],
      `, return_date = '2026-11-01', return_mode = 'transfer_class'`,
    );
    // Three persuasion attempts on f before D, one after; a tutoring session is no attempt.
    for (const [kind, day, by] of [
      ['home_visit', '2026-10-12', '李老师'],
      ['phone_call', '2026-10-15', '王主任'],
      ['joint_visit', '2026-10-20', '张书记'],
      ['tutoring', '2026-10-25', '赵老师'],
      ['home_visit', '2026-11-19', '刘老师'],
    ])
      await t.dataSource.query(
        `INSERT INTO case_interventions (client_id, kind, occurred_on, party, recorded_by_name, case_id)
         VALUES ($1, $2, $3, 'school', $4, $5)`,
        [randomUUID(), kind, day, by, cases.f],
      );
    await t.dataSource.query(
      `INSERT INTO case_responsibles (name, party, line, level, case_id) VALUES
         ('周镇长', 'government', 'government', 'town', $1), ('吴校长', 'school', 'education', 'school', $1)`,
      [cases.f],
    );
  }, 120_000);

  afterAll(() => t.close());

  const node = () => `node=region:${tuanli.id}`;
  const caseIds = (rows: LedgerRow[]) => rows.map((row) => row.caseId).sort();

  it('疑似辍学学生台账: the cases suspected or verifying at the end of the day', async () => {
    expect(caseIds(await all('bureau.officer', 'suspected', `${node()}&date=${D}`))).toEqual(
      [cases.a, cases.b].sort(),
    );
    expect(caseIds(await all('bureau.officer', 'suspected', node()))).toEqual([cases.c].sort());
    const [row] = (await all('bureau.officer', 'suspected', `${node()}&date=${D}`)).filter(
      (r) => r.caseId === cases.a,
    );
    expect(row.caseState).toBe('verifying');
  });

  it('辍学学生台账: confirmed in the school year up to the day, whatever the state since', async () => {
    const onD = await all('bureau.officer', 'dropout', `${node()}&date=${D}`);
    expect(caseIds(onD)).toEqual([cases.f]);
    const today = await all('bureau.officer', 'dropout', node());
    expect(caseIds(today)).toEqual([cases.a, cases.f].sort());
    const f = onD[0];
    expect(f).toMatchObject({
      caseState: 'monitoring',
      persuasionCount: 3,
      lastPersuasionDate: '2026-10-20',
      lastPersuasionBy: '张书记',
      dropoutMonth: '2026-10',
      reason: 'family_hardship',
      closedOn: null,
    });
    expect(f.resolution).toContain('复学');
    expect(f.responsibles).toEqual([
      { line: 'government', level: 'town', fullName: '周镇长' },
      { line: 'education', level: 'school', fullName: '吴校长' },
    ]);
    expect(today.find((r) => r.caseId === cases.f)?.persuasionCount).toBe(4);
    // Last school year's dropout, closed in August, is on last year's ledger only.
    expect(caseIds(await all('bureau.officer', 'dropout', `${node()}&date=2026-08-19`))).toContain(cases.e);
    const closedDay = (await all('bureau.officer', 'dropout', `${node()}&date=2026-08-31`)).find(
      (r) => r.caseId === cases.e,
    );
    expect(closedDay).toMatchObject({ caseState: 'closed', closedOn: '2026-08-20' });
  });

  it('适龄儿童台账: exactly the children aged 6–15 on the day, with their status, masked', async () => {
    const [village]: { id: string; path: string }[] = await t.dataSource.query(
      `SELECT r.id, r.path FROM cases c JOIN students s ON s.id = c.student_id
       JOIN regions r ON r.path = s.region_path WHERE c.id = $1`,
      [cases.a],
    );
    const students: { id: string; birth_date: string }[] = await t.dataSource.query(
      `SELECT id, birth_date::text FROM students WHERE region_path LIKE $1 AND merged_into_id IS NULL`,
      [`${village.path}%`],
    );
    const age = (born: string, day: string) =>
      Number(day.slice(0, 4)) - Number(born.slice(0, 4)) - (day.slice(5) < born.slice(5) ? 1 : 0);
    for (const day of [D, TODAY]) {
      const rows = await all('bureau.officer', 'school_age', `node=region:${village.id}&date=${day}`);
      const expected = students.filter((s) => age(s.birth_date, day) >= 6 && age(s.birth_date, day) <= 15);
      expect(rows.map((r) => r.studentId).sort()).toEqual(expected.map((s) => s.id).sort());
      const a = rows.find((r) => r.caseId === cases.a);
      expect(a?.schoolingStatus).toBe(day === D ? 'suspected' : 'persuading');
      for (const row of rows) {
        expect(row.idNumberMasked ?? '').not.toMatch(/^\d{17}[\dX]$/);
        for (const g of row.guardians) expect(g.phoneMasked ?? '').toMatch(/^$|\*{4}/);
      }
    }
  });

  it('a school sees the children of its school', async () => {
    const response = await get('school.teacher', '/api/ledgers/school_age?pageSize=200');
    expect(response.status).toBe(200);
    const [school]: { name: string; total: number }[] = await t.dataSource.query(
      `SELECT o.name, count(s.id)::int AS total FROM users u JOIN organisations o ON o.id = u.organisation_id
       JOIN students s ON s.school_id = o.id AND s.merged_into_id IS NULL
        AND s.birth_date > '2010-11-20' AND s.birth_date <= '2020-11-20'
       WHERE u.username = 'school.teacher' GROUP BY o.name`,
    );
    expect(response.body.node.name).toBe(school.name);
    expect(response.body.total).toBe(school.total);
    expect(new Set(response.body.items.map((row) => row.schoolName))).toEqual(new Set([school.name]));
  });

  it('the read of the named list is audited', async () => {
    await get('town.official', `/api/ledgers/suspected?date=${D}`);
    const [event] = await t.dataSource.query(
      `SELECT action, details FROM audit_events WHERE action = 'ledger.read' AND actor_username = 'town.official'
       ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(event.details).toMatchObject({ kind: 'suspected', date: D });
  });

  it('refuses a bad kind, date or node (400 naming the field) and a node outside the scope (404)', async () => {
    const bad = async (path: string, field: string) => {
      const response = await get('bureau.officer', path);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(`"field":"${field}"`);
    };
    await bad('/api/ledgers/everyone', 'kind');
    await bad('/api/ledgers/suspected?date=2026-13-01', 'date');
    await bad('/api/ledgers/suspected?date=2026-02-30', 'date');
    await bad('/api/ledgers/suspected?date=2099-01-01', 'date');
    await bad('/api/ledgers/suspected?node=town:1', 'node');
    await bad('/api/ledgers/everyone/export.xlsx', 'kind');
    const [other]: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM regions WHERE kind = 'town' AND path NOT LIKE $1 LIMIT 1`,
      [TUANLI_TOWN],
    );
    expect((await get('town.official', `/api/ledgers/suspected?node=region:${other.id}`)).status).toBe(404);
    expect((await get('town.official', `/api/ledgers/suspected?node=region:${randomUUID()}`)).status).toBe(
      404,
    );
    expect((await get('dept.police', '/api/ledgers/suspected')).status).toBe(403);
  });

  it('downloads a small ledger as .xlsx: title, frozen header, autofilter, masked IDs, footer', async () => {
    const response = await download(
      'bureau.officer',
      `/api/ledgers/suspected/export.xlsx?${node()}&date=${D}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('疑似辍学学生台账_疃里镇_')}`,
    );
    const sheet = await workbook(response.bytes);
    expect(sheet.getCell('A1').value).toBe('疑似辍学学生台账');
    expect(String(sheet.getCell('A2').value)).toContain(D);
    const headers = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining([
        '序号',
        '姓名',
        '身份证号',
        '学籍号',
        '监护人及联系电话',
        '劝返次数',
        '销号日期',
      ]),
    );
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.headerFooter.oddFooter).toContain('bureau.officer');
    const idColumn = headers.indexOf('身份证号') + 1;
    const ids = [5, 6].map((r) => String(sheet.getRow(r).getCell(idColumn).value));
    expect(sheet.rowCount).toBe(6);
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const names: { full_name: string }[] = await t.dataSource.query(
      'SELECT s.full_name FROM cases c JOIN students s ON s.id = c.student_id WHERE c.id = ANY($1)',
      [[cases.a, cases.b]],
    );
    const nameColumn = headers.indexOf('姓名') + 1;
    expect([5, 6].map((r) => sheet.getRow(r).getCell(nameColumn).value).sort()).toEqual(
      names.map((n) => n.full_name).sort(),
    );
  });

  it('reveals full ID numbers only with the permission and a reason, audited with the reason', async () => {
    const path = `/api/ledgers/suspected/export.xlsx?${node()}&date=${D}&reveal=true`;
    const noReason = await download('bureau.officer', path);
    expect(noReason.status).toBe(400);
    expect(noReason.bytes.toString()).toContain('"field":"reason"');
    expect(
      (await download('town.official', `${path}&reason=${encodeURIComponent('核对户籍信息')}`)).status,
    ).toBe(403);
    const revealed = await download('bureau.officer', `${path}&reason=${encodeURIComponent('核对户籍信息')}`);
    expect(revealed.status).toBe(200);
    const sheet = await workbook(revealed.bytes);
    const headers = (sheet.getRow(4).values as unknown[]).slice(1);
    const idColumn = headers.indexOf('身份证号') + 1;
    const cipher = t.app.get(IdNumberCipher);
    const [secret]: { id_number_cipher: Buffer }[] = await t.dataSource.query(
      'SELECT s.id_number_cipher FROM cases c JOIN students s ON s.id = c.student_id WHERE c.id = $1',
      [cases.a],
    );
    const full = cipher.decrypt(secret.id_number_cipher);
    const values = [5, 6].map((r) => String(sheet.getRow(r).getCell(idColumn).value));
    expect(values).toContain(full);
    expect(values).not.toContain(maskIdNumber(full));
    const [event] = await t.dataSource.query(
      `SELECT reason, details FROM audit_events WHERE action = 'ledger.export' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(event).toMatchObject({ reason: '核对户籍信息', details: { revealed: true, rows: 2 } });
  });

  it('sends a ledger over 5,000 rows to the job (409)', async () => {
    const response = await (await t.as('bureau.officer')).get('/api/ledgers/school_age/export.xlsx');
    // The whole zone: about 20,000 children of school age.
    expect(response.status).toBe(409);
    expect(JSON.stringify(response.body)).toContain('/api/ledgers/exports');
  });

  it('runs a large export as a job with progress; only its owner sees and downloads the file', async () => {
    const officer = await t.as('bureau.officer');
    const created = await officer.post('/api/ledgers/exports', {
      kind: 'school_age',
      node: `region:${tuanli.id}`,
      reveal: true,
      reason: '县级复核',
    });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    const progress: number[] = [];
    let view = (await officer.get(`/api/ledgers/exports/${id}`)).body;
    for (let i = 0; i < 240 && view.status !== 'done' && view.status !== 'failed'; i++) {
      progress.push(view.progress);
      await new Promise((resolve) => setTimeout(resolve, 250));
      view = (await officer.get(`/api/ledgers/exports/${id}`)).body;
    }
    expect(view).toMatchObject({ status: 'done', progress: 100, revealed: true });
    expect(view.fileName).toMatch(/^适龄儿童台账_.+\.xlsx$/);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
    const [{ expected }] = await t.dataSource.query(
      `SELECT count(*)::int AS expected FROM students
       WHERE merged_into_id IS NULL AND birth_date > '2010-11-20' AND birth_date <= '2020-11-20'
         AND region_path LIKE $1`,
      [`${tuanli.path}%`],
    );
    expect(view.rows).toBe(expected);

    expect((await (await t.as('bureau.leader')).get(`/api/ledgers/exports/${id}`)).status).toBe(404);
    expect((await download('bureau.leader', `/api/ledgers/exports/${id}/file`)).status).toBe(404);
    const file = await download('bureau.officer', `/api/ledgers/exports/${id}/file`);
    expect(file.status).toBe(200);
    const sheet = await workbook(file.bytes);
    expect(sheet.rowCount).toBe(4 + expected);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    const idColumn = (sheet.getRow(4).values as unknown[]).slice(1).indexOf('身份证号') + 1;
    expect(String(sheet.getRow(5).getCell(idColumn).value)).toMatch(/^\d{17}[\dX]$/);
    const [event] = await t.dataSource.query(
      `SELECT reason FROM audit_events WHERE action = 'ledger.export' AND entity_id = $1`,
      [id],
    );
    expect(event.reason).toBe('县级复核');
  }, 90_000);

  it('refuses a bad export request: kind, reason, permission, scope', async () => {
    const officer = await t.as('bureau.officer');
    const field = async (body: unknown, name: string) => {
      const response = await officer.post('/api/ledgers/exports', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(`"field":"${name}"`);
    };
    await field({ kind: 'everyone' }, 'kind');
    await field({ kind: 'dropout', reveal: true }, 'reason');
    await field({ kind: 'dropout', date: '20261101' }, 'date');
    const town = await t.as('town.official');
    expect(
      (await town.post('/api/ledgers/exports', { kind: 'dropout', reveal: true, reason: '核对信息' })).status,
    ).toBe(403);
    const [other]: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM regions WHERE kind = 'town' AND path NOT LIKE $1 LIMIT 1`,
      [TUANLI_TOWN],
    );
    expect(
      (await town.post('/api/ledgers/exports', { kind: 'dropout', node: `region:${other.id}` })).status,
    ).toBe(404);
    expect((await officer.get(`/api/ledgers/exports/${randomUUID()}`)).status).toBe(404);
  });

  it('writes a ledger through the service (what the benchmark calls)', async () => {
    const exporter = t.app.get(LedgerExportService);
    const { rows, buffer } = await exporter.toBuffer({
      kind: 'dropout',
      node: { kind: 'town', id: tuanli.id, path: tuanli.path },
      date: chinaToday(t.clock.now()),
      nodeName: '疃里镇',
      reveal: false,
      exportedBy: 'bench',
      exportedAt: t.clock.now(),
    });
    expect(rows).toBe(2);
    expect((await workbook(buffer)).rowCount).toBe(6);
  });
});
