import {
  composeIdNumber,
  REGISTER_KIND_FIELDS,
  RegisterField,
  RegisterKind,
  RegisterMapping,
} from '@baoxue/domain';
import fc from 'fast-check';
import { createTestApp, TestApp } from '../../../test/test-app';
import { AppConfig } from '../../config/app-config';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterIdBlocks } from '../register-id-blocks';
import { stagingTable } from './register-import-problems';
import { derivePending, RegisterPassContext, settlePending, writePendingRows } from './register-pending';
import {
  RegisterRegionRef,
  RegisterRowCheckContext,
  registerRowChecker,
  RegisterSchoolRef,
} from './register-row-check';

/**
 * The row checker in process against the import's row pass (register-pending.ts) in the
 * database: random rows (fixed seed) of every kind, with white space, tabs, astral characters and
 * nulls in the cells, make the same problems and the same register_rows whether checked here
 * or COPYed out of staging, checked, COPYed into the pending table and written.
 */
describe('register row check: the row pass stores what the checker derives', () => {
  let t: TestApp;
  let blocks: RegisterIdBlocks;
  let databaseUrl: string;
  let cipher: IdNumberCipher;
  let scope: string;
  let userId: string;
  let regionId: string;
  let regions: Map<string, RegisterRegionRef>;
  let schools: Map<string, RegisterSchoolRef>;
  /** Codes of interest: villages and towns inside and outside the scope, schools in and out. */
  let codes: { villages: string[]; towns: string[]; outsideVillage: string; outsideTown: string };
  let schoolCodes: string[];

  beforeAll(async () => {
    t = await createTestApp({ template: 'demo' });
    cipher = t.app.get(IdNumberCipher);
    blocks = t.app.get(RegisterIdBlocks);
    databaseUrl = t.app.get(AppConfig).DATABASE_URL;
    [{ id: userId, scope_path: scope }] = await t.dataSource.query(
      "SELECT id, scope_path FROM users WHERE username = 'bureau.officer'",
    );
    [{ id: regionId }] = await t.dataSource.query('SELECT id FROM regions WHERE path = $1', [scope]);
    const all: (RegisterRegionRef & { code: string })[] = await t.dataSource.query(
      'SELECT id, code, path, kind::text AS kind FROM regions',
    );
    regions = new Map(all.map((r) => [r.code, { id: r.id, path: r.path, kind: r.kind }]));
    const inScope = all.filter((r) => r.path.startsWith(scope));
    const outside = all.filter((r) => !r.path.startsWith(scope));
    codes = {
      villages: inScope
        .filter((r) => r.kind === 'village')
        .map((r) => r.code)
        .sort()
        .slice(0, 3),
      towns: inScope
        .filter((r) => r.kind === 'town')
        .map((r) => r.code)
        .sort()
        .slice(0, 2),
      outsideVillage: outside
        .filter((r) => r.kind === 'village')
        .map((r) => r.code)
        .sort()[0],
      outsideTown: outside
        .filter((r) => r.kind === 'town')
        .map((r) => r.code)
        .sort()[0],
    };
    const scoped: { id: string; code: string; region_path: string }[] = await t.dataSource.query(
      "SELECT id, school_code::text AS code, region_path FROM organisations WHERE type = 'school' AND region_path LIKE $1",
      [`${scope}%`],
    );
    schools = new Map(scoped.map((s) => [s.code, { id: s.id, path: s.region_path }]));
    // A school outside the scope (if the demo has one) must be unknown too.
    const outsideSchools: { code: string }[] = await t.dataSource.query(
      "SELECT school_code::text AS code FROM organisations WHERE type = 'school' AND region_path NOT LIKE $1 ORDER BY school_code LIMIT 1",
      [`${scope}%`],
    );
    schoolCodes = [...[...schools.keys()].sort().slice(0, 2), ...outsideSchools.map((s) => s.code)];
    expect(schoolCodes.length).toBeGreaterThan(0);
  });

  afterAll(() => t?.close());

  /** A register_imports row and its staging table holding `rows` from line 2 on. */
  async function stage(
    kind: RegisterKind,
    mapping: RegisterMapping,
    rows: (string | null)[][],
  ): Promise<RegisterPassContext> {
    const columnCount = rows[0].length;
    const [{ id: importId }] = await t.dataSource.query(
      `INSERT INTO register_imports (kind, region_id, region_path, file_name, file_size, created_by_user_id)
       VALUES ($1, $2, $3, 'test.csv', 1, $4) RETURNING id`,
      [kind, regionId, scope, userId],
    );
    const table = stagingTable(importId);
    const columns = Array.from({ length: columnCount }, (_, i) => `c${i} text`).join(', ');
    await t.dataSource.query(`CREATE UNLOGGED TABLE ${table} (line integer, ${columns})`);
    const arrays = Array.from({ length: columnCount }, (_, c) => rows.map((r) => r[c]));
    await t.dataSource.query(
      `INSERT INTO ${table} SELECT * FROM unnest($1::int[], ${arrays.map((_, c) => `$${c + 2}::text[]`).join(', ')})`,
      [rows.map((_, i) => i + 2), ...arrays],
    );
    return {
      importId,
      kind,
      mapping,
      columnCount,
      regionPath: scope,
      today: '2026-06-01',
      idNumbers: cipher,
    };
  }

  const SPACES = ['', '', '', ' ', '\u3000', '\u00a0', '\t', '\ufeff'];
  const padded = (values: fc.Arbitrary<string>) =>
    fc
      .tuple(fc.constantFrom(...SPACES), values, fc.constantFrom(...SPACES))
      .map(([a, v, b]) => `${a}${v}${b}`);
  const orNull = (values: fc.Arbitrary<string>) =>
    fc.oneof({ arbitrary: padded(values), weight: 12 }, { arbitrary: fc.constant(null), weight: 1 });
  /** Mostly good values (so that enough rows are valid), some bad ones, a few nulls. */
  const texts = (good: string[], bad: string[]) =>
    orNull(
      fc.oneof(
        { arbitrary: fc.constantFrom(...good), weight: 6 },
        { arbitrary: fc.constantFrom(...bad), weight: 1 },
      ),
    );

  /** Per field, cells that hit every rule and every derived value. */
  function cellsOf(field: RegisterField): fc.Arbitrary<string | null> {
    switch (field) {
      case 'idNumber': {
        const valid = fc
          .tuple(
            fc.date({ min: new Date('1890-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
            fc.integer({ min: 0, max: 999_999 }),
          )
          .map(([d, seq]) =>
            composeIdNumber('370829', d.toISOString().slice(0, 10).replace(/-/g, ''), seq % 1000),
          );
        const mutated = fc
          .tuple(
            valid,
            fc.integer({ min: 0, max: 17 }),
            fc.constantFrom('', '0', '9', 'X', 'x', ' ', '\u3000', '𠀀'),
          )
          .map(([v, at, r]) => v.slice(0, at) + r + v.slice(at + 1));
        return orNull(
          fc.oneof(
            valid,
            valid.map((v) => v.toLowerCase()),
            mutated,
            fc.constantFrom('', '12345'),
          ),
        );
      }
      case 'fullName':
        return texts(
          ['张三', '李 四', '长'.repeat(50), '𠀀'.repeat(50)],
          ['', '长'.repeat(51), '𠀀'.repeat(51)],
        );
      case 'sex':
        return texts(['男', '女', '1', '2'], ['', '未知', 'constructor', 'M']);
      case 'birthDate':
        return orNull(
          fc.oneof(
            fc
              .tuple(
                fc.integer({ min: 1895, max: 2205 }),
                fc.integer({ min: 0, max: 13 }),
                fc.integer({ min: 0, max: 32 }),
                fc.constantFrom('-', '/', '.', ''),
                fc.boolean(),
              )
              .map(([y, m, d, sep, pad]) => {
                const p = (n: number) => (pad || sep === '' ? String(n).padStart(2, '0') : String(n));
                return `${y}${sep}${p(m)}${sep}${p(d)}`;
              }),
            fc.constantFrom('', '2016-02-29', '2015-02-29', '2026-06-02', '2026-06-01', '2015/03-04', 'abc'),
            fc.constantFrom('2015-03-04', '2016/2/29', '2014.12.1', '20130506', '2000-02-29', '1900-01-01'),
            fc.constantFrom('2015-03-04', '2016/2/29', '2014.12.1', '20130506', '2000-02-29', '1900-01-01'),
          ),
        );
      case 'hukouRegionCode':
        return texts(codes.villages, [
          ...codes.towns,
          codes.outsideVillage,
          codes.outsideTown,
          '',
          '999999999999',
          '__proto__',
        ]);
      case 'schoolCode':
        return texts(schoolCodes, ['', '0000000000']);
      case 'grade':
        return texts(['1', '09', '三年级', '初二', '初中三年级'], ['10', '0', '', 'constructor']);
      case 'enrolmentStatus':
        return texts(['在读', '休学', '转出', '流失', '毕业'], ['毕业了', '']);
      case 'category':
        return texts(['孤儿', '事实无人抚养', '低保对象', '特困', '困境儿童'], ['富裕户', '', 'toString']);
      case 'studentNumber':
        return texts(['G001', 'G'.repeat(32), ''], ['G'.repeat(33)]);
      default:
        return texts(['一号', '', 'x'.repeat(100), '𠀀'.repeat(100)], ['x'.repeat(101), 'x'.repeat(201)]);
    }
  }

  const problemText = (p: { row: number; field: string; rule: string; value: string | null }) =>
    `${p.row} ${p.field} ${p.rule} ${p.value}`;

  it.each<RegisterKind>(['household', 'enrolment', 'poverty_monitoring', 'civil_affairs', 'disability'])(
    '%s: the same problems and the same written rows for random rows',
    async (kind) => {
      const fields = REGISTER_KIND_FIELDS[kind].map((s) => s.field);
      // Every field mapped, in reverse column order, column 0 a spare one.
      const mapping: RegisterMapping = Object.fromEntries(fields.map((f, i) => [f, fields.length - i]));
      const rows = fc
        .sample(fc.tuple(...fields.map(cellsOf)), { numRuns: 1500, seed: 20261202 + fields.length })
        .map((cells) => {
          const row: (string | null)[] = Array.from({ length: fields.length + 1 }, () => 'spare');
          fields.forEach((f, i) => (row[mapping[f] as number] = cells[i]));
          return row;
        });
      const ctx = await stage(kind, mapping, rows);
      const check = registerRowChecker({
        kind,
        mapping,
        columnCount: ctx.columnCount,
        regionPath: scope,
        today: ctx.today,
        region: (code) => regions.get(code),
        school: (code) => schools.get(code),
      } satisfies RegisterRowCheckContext);
      const checked = rows.map((r) => check(r));

      const pass = await derivePending(t.dataSource, databaseUrl, ctx);
      const counts = await t.dataSource.transaction((m) =>
        settlePending(m, ctx.importId, blocks.sqlKey(), pass),
      );
      const stored: { row: number; field: RegisterField; rule: string; value: string | null }[] =
        await t.dataSource.query(
          'SELECT row_number AS row, field, rule, value FROM register_import_errors WHERE import_id = $1',
          [ctx.importId],
        );
      // At most one problem per field: the field order is the problems' order.
      const order = (f: RegisterField) => fields.indexOf(f);
      const storedRules = stored
        .filter((p) => p.rule !== 'duplicate')
        .sort((a, b) => a.row - b.row || order(a.field) - order(b.field))
        .map(problemText);
      const checkedRules = checked.flatMap((c, i) =>
        c.problems.map((p) => problemText({ row: i + 2, ...p })),
      );
      expect(storedRules).toEqual(checkedRules);
      // A later row repeating a valid ID number is a duplicate of the first.
      const firstRows = new Map<string, number>();
      const duplicates = new Set<number>();
      const checkedDuplicates = checked.flatMap((c, i) => {
        if (c.idNumber === null) return [];
        const first = firstRows.get(c.idNumber);
        if (first === undefined) {
          firstRows.set(c.idNumber, i + 2);
          return [];
        }
        duplicates.add(i + 2);
        return [`${i + 2} idNumber duplicate ${c.idMasked} (同第${first}行)`];
      });
      expect(
        stored
          .filter((p) => p.rule === 'duplicate')
          .sort((a, b) => a.row - b.row)
          .map(problemText),
      ).toEqual(checkedDuplicates);
      const rules = new Set(stored.map((p) => p.rule));
      expect(rules.size).toBeGreaterThan(3);

      await t.dataSource.transaction((m) =>
        writePendingRows(m, { importId: ctx.importId, kind }, 2, rows.length + 1),
      );
      const written: Record<string, unknown>[] = await t.dataSource.query(
        `SELECT row_number, region_path, id_hash, id_masked, student_number, full_name, sex::text AS sex,
           birth_date::text AS birth_date, hukou_region_id, address, guardian_name, guardian_phone, school_id,
           grade, class_name, enrolment_status::text AS enrolment_status, flag::text AS flag
         FROM register_rows WHERE import_id = $1 ORDER BY row_number`,
        [ctx.importId],
      );
      const mine = checked.flatMap((c, i) =>
        c.valid && !duplicates.has(i + 2)
          ? [
              {
                row_number: i + 2,
                region_path: c.regionPath,
                id_hash: c.idNumber === null ? null : cipher.hash(c.idNumber),
                id_masked: c.idMasked,
                student_number: c.studentNumber,
                full_name: c.fullName,
                sex: c.sex,
                birth_date: c.birthDate,
                hukou_region_id: c.hukouRegionId,
                address: c.address,
                guardian_name: c.guardianName,
                guardian_phone: c.guardianPhone,
                school_id: c.schoolId,
                grade: c.grade,
                class_name: c.className,
                enrolment_status: c.enrolmentStatus,
                flag: c.flag,
              },
            ]
          : [],
      );
      expect(written).toEqual(mine);
      expect(written.length).toBeGreaterThan(100);
      expect(counts).toEqual({ rows: rows.length, valid: mine.length, invalid: rows.length - mine.length });
    },
  );
});
