import type { Page, RegisterImportDetail, RegisterImportProblem } from '@baoxue/contracts';
import ExcelJS from 'exceljs';
import { fetchBytes } from '../../../test/fetch-bytes';
import { createTestApp, TestApp, TestClient } from '../../../test/test-app';
import {
  childId,
  csv,
  gbk,
  HOUSEHOLD_HEADER,
  sessionCookie,
  uploadRegister,
  waitForStatus,
  zoneVillages,
} from '../../../test/register-import-files';

/**
 * MUST-SHOW: the dry run reports every kind of bad row and bad file precisely (row, field,
 * rule, masked value) and writes nothing into the register.
 */
describe('register import: dry run', () => {
  let t: TestApp;
  let officer: TestClient;
  let cookie: string;
  let villages: string[];

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    officer = await t.as('bureau.officer');
    cookie = await sessionCookie(t, 'bureau.officer');
    villages = (await zoneVillages(t)).map((v) => v.code);
    expect(villages.length).toBeGreaterThan(1);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Uploads, runs the dry run, waits for its end; answers the detail. */
  async function dryRun(file: Buffer | string, fileName = 'household.csv'): Promise<RegisterImportDetail> {
    const upload = await uploadRegister(t, cookie, file, { kind: 'household' }, fileName);
    expect(upload.status).toBe(201);
    if (upload.body.status === 'rejected') return upload.body;
    const started = await officer.post(`/api/registers/imports/${upload.body.id}/dry-run`, {
      version: upload.body.version,
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('validating');
    await waitForStatus(t, upload.body.id, ['validated', 'rejected', 'failed']);
    return (await officer.get<RegisterImportDetail>(`/api/registers/imports/${upload.body.id}`)).body;
  }

  const problems = async (id: string): Promise<RegisterImportProblem[]> =>
    (await officer.get<Page<RegisterImportProblem>>(`/api/registers/imports/${id}/problems?pageSize=100`))
      .body.items;

  let reportId: string;

  it('reports a bad checksum (kept without ID), an impossible date, an unknown region and a duplicate, row by row', async () => {
    const good = childId('2016-03-04', 1);
    const badChecksum =
      childId('2016-05-06', 2).slice(0, 17) + (childId('2016-05-06', 2).endsWith('1') ? '2' : '1');
    const file = csv([
      HOUSEHOLD_HEADER,
      [good, '张一', '男', '2016-03-04', villages[0]],
      [badChecksum, '李二', '女', '2016-05-06', villages[1]],
      [childId('2016-02-28', 3), '王三', '男', '2016-02-30', villages[0]],
      [childId('2015-07-08', 4), '赵四', '女', '2015-07-08', '370829999999'],
      [good, '张一', '男', '2016-03-04', villages[0]],
      [childId('2017-01-02', 5), '钱五', '男', '2017-01-02', villages[1]],
    ]);
    const detail = await dryRun(file);
    reportId = detail.id;
    expect(detail.status).toBe('validated');
    expect(detail.counts).toEqual({ rows: 6, valid: 3, invalid: 3, imported: 0 });
    expect(detail.problemsByRule).toEqual({ id_checksum: 1, date: 1, region_unknown: 1, duplicate: 1 });

    const found = await problems(detail.id);
    const mask = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
    expect(found).toEqual([
      expect.objectContaining({
        row: 3,
        field: 'idNumber',
        column: '身份证号',
        rule: 'id_checksum',
        severity: 'warning',
        value: mask(badChecksum),
      }),
      expect.objectContaining({
        row: 4,
        field: 'birthDate',
        column: '出生日期',
        rule: 'date',
        severity: 'error',
        value: '2016-02-30',
      }),
      expect.objectContaining({
        row: 5,
        field: 'hukouRegionCode',
        column: '户籍地区划代码',
        rule: 'region_unknown',
        severity: 'error',
        value: '370829999999',
      }),
      expect.objectContaining({ row: 6, field: 'idNumber', rule: 'duplicate', severity: 'error' }),
    ]);
    expect(found[3].value).toContain(mask(good));
    expect(found[3].value).toContain('2');
    // No full ID number anywhere in the report or the preview.
    const everything = JSON.stringify([found, detail.sample]);
    expect(everything).not.toContain(good);
    expect(everything).not.toContain(badChecksum);
    for (const p of found) expect(p.message).toMatch(/[\u4e00-\u9fff]/);

    const onlyWarnings = await officer.get<Page<RegisterImportProblem>>(
      `/api/registers/imports/${detail.id}/problems?severity=warning`,
    );
    expect(onlyWarnings.body.items.map((p) => p.rule)).toEqual(['id_checksum']);
  });

  it('downloads the report as a workbook that reads back', async () => {
    const response = await fetchBytes(
      t,
      'bureau.officer',
      `/api/registers/imports/${reportId}/problems.xlsx`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('household-问题清单.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => cells.push((row.values as unknown[]).map((v) => String(v ?? '')).join('|'))),
    );
    const text = cells.join('\n');
    expect(text).toContain('2016-02-30');
    expect(text).toContain('370829999999');
    expect(text).toMatch(/370829\*{8}/);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'register.problems.download' AND entity_id = $1",
      [reportId],
    );
    expect(n).toBe(1);
  });

  it('names the missing required column and refuses the dry run until it is mapped', async () => {
    const upload = await uploadRegister(
      t,
      cookie,
      csv([
        ['身份证号', '姓名', '性别', '户籍地区划代码'],
        [childId('2016-03-04', 7), '孙六', '男', villages[0]],
      ]),
    );
    expect(upload.status).toBe(201);
    expect(upload.body.status).toBe('uploaded');
    expect(upload.body.fileProblems).toEqual([
      expect.objectContaining({ row: null, field: 'birthDate', rule: 'missing_column', severity: 'error' }),
    ]);
    const refused = await officer.post(`/api/registers/imports/${upload.body.id}/dry-run`, {
      version: upload.body.version,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'mapping.birthDate', rule: 'missing_column' }),
    ]);
  });

  it('decodes a GBK file: names read back right in the preview and the report', async () => {
    const file = gbk(
      csv([
        HOUSEHOLD_HEADER,
        [childId('2016-03-04', 8), '张三', '男', '2016-03-04', villages[0]],
        [childId('2016-03-05', 9), '欧阳娜娜', '女', '2016-13-05', villages[0]],
      ]),
    );
    expect(file.toString('utf8')).not.toContain('张三');
    const detail = await dryRun(file, 'gbk.csv');
    expect(detail.encoding).toBe('gb18030');
    expect(detail.headers).toEqual(HOUSEHOLD_HEADER);
    expect(detail.sample.map((row) => row[1])).toEqual(['张三', '欧阳娜娜']);
    expect(detail.status).toBe('validated');
    expect(detail.counts).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
    expect(await problems(detail.id)).toEqual([
      expect.objectContaining({ row: 3, field: 'birthDate', rule: 'date', value: '2016-13-05' }),
    ]);
  });

  it.each([
    { what: 'a header-only file', file: csv([HOUSEHOLD_HEADER]), rule: 'no_rows' },
    { what: 'a 0-byte file', file: Buffer.alloc(0), rule: 'empty_file' },
    {
      what: 'a PDF named .csv',
      file: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
      rule: 'not_spreadsheet',
    },
  ])('rejects $what as $rule', async ({ file, rule }) => {
    const detail = await dryRun(file);
    expect(detail.status).toBe('rejected');
    expect(detail.fileProblems).toEqual([expect.objectContaining({ rule, severity: 'error' })]);
    expect(detail.failure).toBeTruthy();
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM register_import_files WHERE import_id = $1',
      [detail.id],
    );
    expect(n).toBe(0);
  });

  it('rejects a ragged row as column_count, naming its row', async () => {
    const detail = await dryRun(
      csv([
        HOUSEHOLD_HEADER,
        [childId('2016-03-04', 10), '周七', '男', '2016-03-04', villages[0]],
        [childId('2016-03-05', 11), '吴八', '女', '2016-03-05', villages[0], '多余'],
      ]),
    );
    expect(detail.status).toBe('rejected');
    expect(detail.fileProblems).toEqual([expect.objectContaining({ rule: 'column_count', row: 3 })]);
  });

  it('wrote nothing into the register, and left staging only for the validated imports', async () => {
    const count = async (table: string) =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
    expect(await count('register_rows')).toBe(0);
    expect(await count('register_id_blocks')).toBe(0);
    expect(await count('register_import_chunks')).toBe(0);
    const staging: { relname: string }[] = await t.dataSource.query(
      "SELECT relname FROM pg_class WHERE relname LIKE 'register\\_staging\\_%' AND relkind = 'r' ORDER BY relname",
    );
    const validated: { id: string }[] = await t.dataSource.query(
      "SELECT id FROM register_imports WHERE status = 'validated'",
    );
    // Kept for the commit: one per validated import (the bad-rows report and the GBK file).
    expect(validated).toHaveLength(2);
    expect(staging.map((s) => s.relname)).toEqual(
      validated.map((v) => `register_staging_${v.id.replace(/-/g, '')}`).sort(),
    );
  });
});
