import { composeIdNumber, maskIdNumber, RegisterKind, RegisterMapping } from '@baoxue/domain';
import fc from 'fast-check';
import { createTestApp, TestApp } from '../../../test/test-app';
import { AppConfig } from '../../config/app-config';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterIdBlocks } from '../register-id-blocks';
import { pendingTable, stagingTable } from './register-import-problems';
import { derivePending, RegisterPassContext, settlePending, writePendingRows } from './register-pending';

const id = (birth: string, seq: number) => composeIdNumber('370829', birth, seq);
/** A valid-looking ID with the check character changed. */
const badChecksum = (value: string) => value.slice(0, 17) + (value[17] === '0' ? '1' : '0');

/**
 * The import's row pass against a real database: staged cells → derivePending (checked rows in
 * the pending table) → settlePending (problems, duplicates, counts: the dry run) →
 * writePendingRows (register_rows and the encrypted ID blocks: the real run).
 */
describe('register row pass (pending table)', () => {
  let t: TestApp;
  let cipher: IdNumberCipher;
  let blocks: RegisterIdBlocks;
  let databaseUrl: string;
  let scope: string;
  let userId: string;
  let regionId: string;
  let village: { id: string; code: string; path: string };
  let otherVillage: { code: string; path: string };
  let town: { code: string };
  let outside: { code: string };
  let school: { id: string; code: string; region_path: string };

  beforeAll(async () => {
    t = await createTestApp({ template: 'demo' });
    cipher = t.app.get(IdNumberCipher);
    blocks = t.app.get(RegisterIdBlocks);
    databaseUrl = t.app.get(AppConfig).DATABASE_URL;
    [{ id: userId, scope_path: scope }] = await t.dataSource.query(
      "SELECT id, scope_path FROM users WHERE username = 'bureau.officer'",
    );
    [{ id: regionId }] = await t.dataSource.query('SELECT id FROM regions WHERE path = $1', [scope]);
    [village, otherVillage] = await t.dataSource.query(
      "SELECT id, code, path FROM regions WHERE kind = 'village' AND path LIKE $1 ORDER BY code LIMIT 2",
      [`${scope}%`],
    );
    [town] = await t.dataSource.query(
      "SELECT code FROM regions WHERE kind = 'town' AND path LIKE $1 ORDER BY code LIMIT 1",
      [`${scope}%`],
    );
    [outside] = await t.dataSource.query(
      "SELECT code FROM regions WHERE kind = 'village' AND path NOT LIKE $1 ORDER BY code LIMIT 1",
      [`${scope}%`],
    );
    [school] = await t.dataSource.query(
      "SELECT id, school_code AS code, region_path FROM organisations WHERE type = 'school' AND region_path LIKE $1 ORDER BY school_code LIMIT 1",
      [`${scope}%`],
    );
  });

  afterAll(() => t?.close());

  /** A register_imports row and its staging table holding `rows` from line 2 on. */
  async function stage(kind: RegisterKind, rows: (string | null)[][]): Promise<RegisterPassContext> {
    const columnCount = Math.max(...rows.map((r) => r.length));
    const [{ id: importId }] = await t.dataSource.query(
      `INSERT INTO register_imports (kind, region_id, region_path, file_name, file_size, created_by_user_id)
       VALUES ($1, $2, $3, 'test.csv', 1, $4) RETURNING id`,
      [kind, regionId, scope, userId],
    );
    const table = stagingTable(importId);
    const columns = Array.from({ length: columnCount }, (_, i) => `c${i} text`).join(', ');
    await t.dataSource.query(`CREATE UNLOGGED TABLE ${table} (line integer, ${columns})`);
    const cells = Array.from({ length: columnCount }, (_, c) => rows.map((r) => r[c] ?? null));
    await t.dataSource.query(
      `INSERT INTO ${table} SELECT * FROM unnest($1::int[], ${cells.map((_, c) => `$${c + 2}::text[]`).join(', ')})`,
      [rows.map((_, i) => i + 2), ...cells],
    );
    return {
      importId,
      kind,
      mapping: {},
      columnCount,
      regionPath: scope,
      today: '2026-06-01',
      idNumbers: cipher,
    };
  }

  async function problems(importId: string): Promise<string[]> {
    const rows: { row_number: number; field: string; rule: string; value: string | null }[] =
      await t.dataSource.query(
        'SELECT row_number, field, rule, value FROM register_import_errors WHERE import_id = $1',
        [importId],
      );
    return rows.map((r) => `${r.row_number} ${r.field} ${r.rule} ${r.value}`).sort();
  }

  /** The dry run: the pass, then its problems and counts settled in a transaction. */
  async function validate(ctx: RegisterPassContext) {
    const pass = await derivePending(t.dataSource, databaseUrl, ctx);
    return t.dataSource.transaction((manager) => settlePending(manager, ctx.importId, blocks.sqlKey(), pass));
  }

  /** The real run's write of one chunk. */
  const write = (ctx: RegisterPassContext, first: number, last: number) =>
    t.dataSource.transaction((manager) =>
      writePendingRows(manager, { importId: ctx.importId, kind: ctx.kind }, first, last),
    );

  const HOUSEHOLD: RegisterMapping = {
    idNumber: 0,
    fullName: 1,
    sex: 2,
    birthDate: 3,
    hukouRegionCode: 4,
    hukouAddress: 5,
    guardianName: 6,
    guardianPhone: 7,
  };

  it('reports every problem of every household row, masking ID numbers, and writes nothing', async () => {
    const a = id('20150304', 11);
    const b = id('20160101', 22);
    const long = '长'.repeat(51);
    const ctx = await stage('household', [
      /* 2 */ [a, '张三', '男', '2015-03-04', village.code, '一号', '张父', '13800000000'],
      /* 3 */ [` ${b.toLowerCase()} `, ' 李四 ', '2', '2016/1/1', otherVillage.code, '', '', ''],
      /* 4 */ [badChecksum(a), '王五', '女', '20150304', village.code, '', '', ''],
      /* 5 */ ['12345', '赵六', '1', '2015.3.4', village.code, '', '', ''],
      /* 6 */ [a, '', '', '', '', '', '', ''],
      /* 7 */ ['', long, '未知', '2023-02-30', '999999999999', '', '', ''],
      /* 8 */ ['', '孙七', '男', '2015-13-01', town.code, '', '', ''],
      /* 9 */ ['', '周八', '男', '2027-01-01', outside.code, 'x'.repeat(201), 'y'.repeat(101), ''],
      /* 10 */ [b, '吴九', '男', '2016-01-01', village.code, '', '', ''],
      /* 11 */ ['', '郑十', '女', '2016-01-01', village.code, '', '', ''],
    ]);
    ctx.mapping = HOUSEHOLD;

    const counts = await validate(ctx);

    expect(await problems(ctx.importId)).toEqual(
      [
        `4 idNumber id_checksum ${maskIdNumber(badChecksum(a))}`,
        '5 idNumber id_format *****',
        `6 idNumber duplicate ${maskIdNumber(a)} (同第2行)`,
        '6 fullName required ',
        '6 sex required ',
        '6 birthDate required ',
        '6 hukouRegionCode required ',
        `7 fullName too_long ${long}`,
        '7 sex sex 未知',
        '7 birthDate date 2023-02-30',
        '7 hukouRegionCode region_unknown 999999999999',
        '8 birthDate date 2015-13-01',
        `8 hukouRegionCode region_unknown ${town.code}`,
        '9 birthDate date_future 2027-01-01',
        `9 hukouRegionCode region_out_of_scope ${outside.code}`,
        `9 hukouAddress too_long ${'x'.repeat(201)}`,
        `9 guardianName too_long ${'y'.repeat(101)}`,
        `10 idNumber duplicate ${maskIdNumber(b)} (同第3行)`,
      ].sort(),
    );
    // Rows 2, 3, 11 are clean; 4 and 5 carry only warnings.
    expect(counts).toEqual({ rows: 10, valid: 5, invalid: 5 });
    expect(
      await t.dataSource.query('SELECT 1 FROM register_rows WHERE import_id = $1', [ctx.importId]),
    ).toEqual([]);
    // Validating again replaces the problems rather than adding to them.
    expect(await validate(ctx)).toEqual({ rows: 10, valid: 5, invalid: 5 });
    expect(await problems(ctx.importId)).toHaveLength(18);
  });

  it('writes the valid rows with the keyed hash, the masked ID and the full IDs in encrypted blocks', async () => {
    const a = id('20150304', 11);
    const b = id('20160101', 22);
    const c = id('20141231', 33);
    const rows: (string | null)[][] = [
      /* 2 */ [a, '张三', '男', '2015-03-04', village.code, '一号', '张父', '13800000000'],
      /* 3 */ [` ${b.toLowerCase()} `, '\u3000李四 ', '2', '2016/1/1', otherVillage.code, '', null, ''],
      /* 4 */ [badChecksum(a), '王五', '女', '20150304', village.code, '', '', ''],
      /* 5 */ ['', '赵六', '女', '2015.3.4', village.code, '', '', ''],
      /* 6 */ [a, '重复', '男', '2015-03-04', village.code, '', '', ''],
      /* 7 */ ['', '', '男', '2015-03-04', village.code, '', '', ''],
    ];
    // Line 1000 starts the second ID block.
    while (rows.length < 998)
      rows.push(['', `填充${rows.length}`, '男', '2015-03-04', village.code, '', '', '']);
    rows.push([c, '钱七', '男', '2014-12-31', village.code, '', '', '']);
    const ctx = await stage('household', rows);
    ctx.mapping = HOUSEHOLD;
    expect(await validate(ctx)).toEqual({ rows: 999, valid: 997, invalid: 2 });

    expect(await write(ctx, 2, 999)).toBe(996);
    expect(await write(ctx, 1000, 1999)).toBe(1);

    const written = await t.dataSource.query(
      `SELECT row_number, kind, region_path, id_hash, id_masked, full_name, sex, birth_date::text AS birth_date,
         hukou_region_id, address, guardian_name, guardian_phone, school_id, grade, enrolment_status, flag
       FROM register_rows WHERE import_id = $1 AND row_number IN (2, 3, 4, 5, 6, 7, 1000) ORDER BY row_number`,
      [ctx.importId],
    );
    expect(written).toEqual([
      {
        row_number: 2,
        kind: 'household',
        region_path: village.path,
        id_hash: cipher.hash(a),
        id_masked: maskIdNumber(a),
        full_name: '张三',
        sex: 'male',
        birth_date: '2015-03-04',
        hukou_region_id: village.id,
        address: '一号',
        guardian_name: '张父',
        guardian_phone: '13800000000',
        school_id: null,
        grade: null,
        enrolment_status: null,
        flag: null,
      },
      expect.objectContaining({
        row_number: 3,
        region_path: otherVillage.path,
        id_hash: cipher.hash(b),
        id_masked: maskIdNumber(b),
        full_name: '李四',
        sex: 'female',
        birth_date: '2016-01-01',
        address: null,
        guardian_name: null,
      }),
      // The warning row is kept without its number: matched later as a candidate.
      expect.objectContaining({ row_number: 4, id_hash: null, id_masked: null, full_name: '王五' }),
      expect.objectContaining({ row_number: 5, id_hash: null, id_masked: null, birth_date: '2015-03-04' }),
      expect.objectContaining({ row_number: 1000, id_hash: cipher.hash(c), full_name: '钱七' }),
    ]);

    const stored: { block: number; iv: Buffer; cipher: Buffer }[] = await t.dataSource.query(
      'SELECT block, iv, cipher FROM register_id_blocks WHERE import_id = $1 ORDER BY block',
      [ctx.importId],
    );
    expect(stored.map((s) => s.block)).toEqual([0, 1]);
    const ids = new Map(stored.flatMap((s) => [...blocks.decrypt(s.iv, s.cipher)]));
    expect(ids).toEqual(
      new Map([
        [2, a],
        [3, b],
        [1000, c],
      ]),
    );

    // Exactly once: a range written again fails on the chunk's checkpoint and writes nothing more.
    await expect(write(ctx, 2, 999)).rejects.toThrow(/PK_register_import_chunks|PK_register_id_blocks/);
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM register_rows WHERE import_id = $1',
      [ctx.importId],
    );
    expect(count).toBe(997);
    const [{ idBlocks }] = await t.dataSource.query(
      'SELECT count(*)::int AS "idBlocks" FROM register_id_blocks WHERE import_id = $1',
      [ctx.importId],
    );
    expect(idBlocks).toBe(2);
  });

  it('checks enrolment rows: school in scope, grade, status, student number', async () => {
    const a = id('20150304', 11);
    const ctx = await stage('enrolment', [
      /* 2 */ ['G001', a, '张三', '男', '2015-03-04', school.code, '三年级', '2班', '在读'],
      /* 3 */ ['G002', '', '李四', '', '', ` ${school.code} `, '初二', '', '辍学'],
      /* 4 */ ['G'.repeat(33), '', '王五', '', '', '0000000000', '10', '', '毕业了'],
      /* 5 */ ['', '', '赵六', '', '', '', '', '', ''],
    ]);
    ctx.mapping = {
      studentNumber: 0,
      idNumber: 1,
      fullName: 2,
      sex: 3,
      birthDate: 4,
      schoolCode: 5,
      grade: 6,
      className: 7,
      enrolmentStatus: 8,
    };
    expect(await validate(ctx)).toEqual({ rows: 4, valid: 2, invalid: 2 });
    expect(await problems(ctx.importId)).toEqual(
      [
        `4 studentNumber too_long ${'G'.repeat(33)}`,
        '4 schoolCode school_unknown 0000000000',
        '4 grade grade 10',
        '4 enrolmentStatus status 毕业了',
        '5 schoolCode required ',
        '5 grade required ',
        '5 enrolmentStatus required ',
      ].sort(),
    );
    expect(await write(ctx, 2, 999)).toBe(2);
    expect(
      await t.dataSource.query(
        `SELECT row_number, student_number, region_path, hukou_region_id, school_id, grade, class_name, enrolment_status, sex
         FROM register_rows WHERE import_id = $1 ORDER BY row_number`,
        [ctx.importId],
      ),
    ).toEqual([
      {
        row_number: 2,
        student_number: 'G001',
        region_path: school.region_path,
        hukou_region_id: null,
        school_id: school.id,
        grade: 3,
        class_name: '2班',
        enrolment_status: 'in_school',
        sex: 'male',
      },
      {
        row_number: 3,
        student_number: 'G002',
        region_path: school.region_path,
        hukou_region_id: null,
        school_id: school.id,
        grade: 8,
        class_name: null,
        enrolment_status: 'dropped_out',
        sex: null,
      },
    ]);
  });

  it('checks list rows: civil-affairs categories give their flag, a row without a village code belongs to the import', async () => {
    const ctx = await stage('civil_affairs', [
      /* 2 */ ['', '张三', '2015-03-04', village.code, '孤儿'],
      /* 3 */ ['', '李四', '', '', '低保对象'],
      /* 4 */ ['', '王五', '', town.code, '富裕户'],
      /* 5 */ ['', '赵六', '', outside.code, ''],
    ]);
    ctx.mapping = { idNumber: 0, fullName: 1, birthDate: 2, hukouRegionCode: 3, category: 4 };
    expect(await validate(ctx)).toEqual({ rows: 4, valid: 2, invalid: 2 });
    expect(await problems(ctx.importId)).toEqual(
      [
        '4 category category 富裕户',
        `5 hukouRegionCode region_out_of_scope ${outside.code}`,
        '5 category required ',
      ].sort(),
    );
    expect(await write(ctx, 2, 999)).toBe(2);
    expect(
      await t.dataSource.query(
        'SELECT row_number, region_path, hukou_region_id, flag FROM register_rows WHERE import_id = $1 ORDER BY row_number',
        [ctx.importId],
      ),
    ).toEqual([
      { row_number: 2, region_path: village.path, hukou_region_id: village.id, flag: 'orphan' },
      { row_number: 3, region_path: scope, hukou_region_id: null, flag: 'low_income' },
    ]);

    const poverty = await stage('poverty_monitoring', [['', '张三', '', '']]);
    poverty.mapping = { idNumber: 0, fullName: 1, birthDate: 2, hukouRegionCode: 3 };
    expect(await validate(poverty)).toEqual({ rows: 1, valid: 1, invalid: 0 });
    expect(await write(poverty, 2, 999)).toBe(1);
    expect(
      await t.dataSource.query('SELECT flag FROM register_rows WHERE import_id = $1', [poverty.importId]),
    ).toEqual([{ flag: 'poverty_monitoring' }]);
  });

  it('keeps and counts problems recorded outside the row rules, and writes no row that has one', async () => {
    const ctx = await stage('disability', [
      ['', '张三'],
      ['', '李四'],
      ['', ''],
    ]);
    ctx.mapping = { idNumber: 0, fullName: 1 };
    await t.dataSource.query(
      "INSERT INTO register_import_errors (import_id, row_number, field, rule, value) VALUES ($1, 3, '', 'column_count', '3')",
      [ctx.importId],
    );
    expect(await validate(ctx)).toEqual({ rows: 3, valid: 1, invalid: 2 });
    expect(await validate(ctx)).toEqual({ rows: 3, valid: 1, invalid: 2 });
    expect(await problems(ctx.importId)).toEqual(['3  column_count 3', '4 fullName required ']);
    expect(await write(ctx, 2, 999)).toBe(1);
    expect(
      await t.dataSource.query('SELECT row_number, flag FROM register_rows WHERE import_id = $1', [
        ctx.importId,
      ]),
    ).toEqual([{ row_number: 2, flag: 'disabled' }]);
  });

  it('refuses a mapping outside the staging columns and an import id that names no table', async () => {
    const ctx = await stage('disability', [['', '张三']]);
    await expect(validate({ ...ctx, mapping: { fullName: 5 } })).rejects.toThrow(
      /outside the staging columns/,
    );
    await expect(validate({ ...ctx, mapping: { fullName: 1.5 } })).rejects.toThrow(
      /outside the staging columns/,
    );
    // Table names derive from the import id: one that is no uuid is refused before any SQL.
    const bad = 'x; DROP TABLE users';
    expect(() => stagingTable(bad)).toThrow(/invalid import id/);
    expect(() => pendingTable(bad)).toThrow(/invalid import id/);
    await expect(
      derivePending(t.dataSource, databaseUrl, { ...ctx, importId: bad, mapping: { fullName: 1 } }),
    ).rejects.toThrow(/invalid import id/);
    await expect(
      t.dataSource.transaction((m) =>
        settlePending(m, bad, blocks.sqlKey(), { rows: 0, valid: 0, withProblems: 0 }),
      ),
    ).rejects.toThrow(/invalid import id/);
    await expect(
      t.dataSource.transaction((m) => writePendingRows(m, { importId: bad, kind: 'disability' }, 2, 999)),
    ).rejects.toThrow(/invalid import id/);
    const [{ users }] = await t.dataSource.query(`SELECT to_regclass('users') IS NOT NULL AS users`);
    expect(users).toBe(true);
  });

  it('stores the keyed hash of IdNumberCipher for random valid IDs, hashed in SQL or in Node', async () => {
    const SPACES = ['', '', '', '', ' ', '  ', '\t', '\u3000', '\u00a0'];
    const inputs = fc.sample(
      fc
        .tuple(
          fc.date({ min: new Date('1900-01-01'), max: new Date('2026-05-31'), noInvalidDate: true }),
          fc.integer({ min: 0, max: 999 }),
          fc.constantFrom(...SPACES),
          fc.constantFrom(...SPACES),
          fc.boolean(),
        )
        .map(([date, seq, before, after, lower]) => {
          const value = id(date.toISOString().slice(0, 10).replace(/-/g, ''), seq);
          return { value, cell: `${before}${lower ? value.toLowerCase() : value}${after}` };
        }),
      { numRuns: 1000, seed: 20261202 },
    );
    // Both paths taken: 18-character cells (hashed in SQL, lower-case x among them) and padded ones (in Node).
    expect(inputs.filter((i) => i.cell.length === 18 && i.cell.endsWith('x')).length).toBeGreaterThan(0);
    expect(inputs.filter((i) => i.cell.length !== 18).length).toBeGreaterThan(100);

    const ctx = await stage(
      'disability',
      inputs.map((i, n) => [i.cell, `名${n}`]),
    );
    ctx.mapping = { idNumber: 0, fullName: 1 };
    expect(await derivePending(t.dataSource, databaseUrl, ctx)).toEqual({
      rows: inputs.length,
      valid: inputs.length,
      withProblems: 0,
    });
    const stored: { row_number: number; id_number: string; id_hash: Buffer; id_masked: string }[] =
      await t.dataSource.query(
        `SELECT row_number, id_number, id_hash, id_masked FROM ${pendingTable(ctx.importId)} ORDER BY row_number`,
      );
    expect(stored).toEqual(
      inputs.map((i, n) => ({
        row_number: n + 2,
        id_number: i.value,
        id_hash: cipher.hash(i.value),
        id_masked: maskIdNumber(i.value),
      })),
    );
  });
});
