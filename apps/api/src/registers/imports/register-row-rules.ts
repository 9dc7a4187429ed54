import {
  CIVIL_AFFAIRS_CATEGORIES,
  REGISTER_ENROLMENT_STATUS_TEXTS,
  REGISTER_KIND_FIELDS,
  REGISTER_LIST_FLAGS,
  REGISTER_ROW_RULES,
  REGISTER_SEX_TEXTS,
  REGISTER_WARNING_RULES,
  RegisterField,
  RegisterKind,
  RegisterMapping,
  RegisterRowRule,
} from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { REGISTER_ID_BLOCK_ROWS, RegisterIdBlocks, registerIdBlockCipherSql } from '../register-id-blocks';

/**
 * The row rules of a register import and the write of its valid rows, each one set-based
 * statement over the staging table the import job COPYs the file into (`line` = file row
 * number, header = 1; `c0 … c{n-1}` raw cells). The SQL functions register_* come from
 * migration 1797110000000-register-row-functions and mirror libs/domain id-number.ts.
 */

/** The staging table: `line integer, c0 … c{columnCount-1} text`; a quoted identifier, optionally schema-qualified. */
export interface RegisterStaging {
  table: string;
  columnCount: number;
}

export interface RegisterRowContext {
  importId: string;
  kind: RegisterKind;
  mapping: RegisterMapping;
  staging: RegisterStaging;
  /** The import's scope: region codes and schools must lie under it (`/37/3708/370829/`). */
  regionPath: string;
  /** YYYY-MM-DD in China: a later birth date is `date_future`. */
  today: string;
}

export interface RegisterRowKeys {
  /** IdNumberCipher.hmacPads(). */
  hmacPads: { inner: Buffer; outer: Buffer };
  /** RegisterIdBlocks.sqlKey(). */
  idBlockKey: Buffer;
}

export interface RegisterValidationCounts {
  /** Data rows in the staging table. */
  rows: number;
  /** Rows without an error (warnings allowed): the rows a real run writes. */
  valid: number;
  /** Rows with at least one error. */
  invalid: number;
}

/** Text limits: a longer value is `too_long` (student_number is varchar(32) in register_rows). */
export const REGISTER_TEXT_LIMITS: Partial<Record<RegisterField, number>> = {
  fullName: 50,
  hukouAddress: 200,
  guardianName: 100,
  guardianPhone: 100,
  className: 100,
  studentNumber: 32,
};

const CHINESE_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Grade texts as registers write them → grade 1–9 (初一 … 初三 are grades 7–9). */
export const REGISTER_GRADE_TEXTS: Readonly<Record<string, number>> = Object.fromEntries(
  CHINESE_DIGITS.flatMap((zh, i) => {
    const grade = i + 1;
    const texts = [`${grade}`, `0${grade}`, `${grade}年级`, `${zh}年级`];
    if (grade >= 7) texts.push(`初${CHINESE_DIGITS[grade - 7]}`, `初中${CHINESE_DIGITS[grade - 7]}年级`);
    return texts.map((text) => [text, grade]);
  }),
);

/** A domain rule for an ID number problem of SQL register_id_problem / domain idNumberProblem. */
export function registerIdRule(problem: 'format' | 'birth_date' | 'checksum'): RegisterRowRule {
  return problem === 'checksum' ? 'id_checksum' : 'id_format';
}

const WARNINGS_SQL = REGISTER_WARNING_RULES.map((r) => literal(r)).join(', ');

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `CASE <expr> WHEN 'text' THEN <code> … END`: a domain lookup table in SQL. */
function lookupSql(expr: string, table: Readonly<Record<string, string | number>>): string {
  const arms = Object.entries(table).map(
    ([text, code]) => `WHEN ${literal(text)} THEN ${typeof code === 'number' ? code : literal(code)}`,
  );
  return `CASE ${expr} ${arms.join(' ')} END`;
}

function quotedTable(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    throw new Error('invalid staging table name');
  }
  return parts.map((p) => `"${p}"`).join('.');
}

/** Region paths are digits, letters and '/': a LIKE prefix needs no escaping. */
function scopePrefix(regionPath: string): string {
  if (!/^[/A-Za-z0-9]+$/.test(regionPath)) throw new Error('invalid region path');
  return `${regionPath}%`;
}

/** The fields the kind has and the mapping places, with their staging column. */
function mappedFields(ctx: RegisterRowContext): Map<RegisterField, string> {
  const columns = new Map<RegisterField, string>();
  for (const spec of REGISTER_KIND_FIELDS[ctx.kind]) {
    const column = ctx.mapping[spec.field];
    if (column === undefined || column === null) continue;
    if (!Number.isInteger(column) || column < 0 || column >= ctx.staging.columnCount) {
      throw new Error(`mapping of ${spec.field} is outside the staging columns`);
    }
    columns.set(spec.field, `s.c${column}`);
  }
  return columns;
}

/** Column names of the derived rows, per field: raw cell and trimmed text. */
const COLUMN: Record<RegisterField, string> = {
  idNumber: 'id',
  fullName: 'name',
  sex: 'sex',
  birthDate: 'birth',
  hukouRegionCode: 'region',
  hukouAddress: 'address',
  guardianName: 'guardian',
  guardianPhone: 'phone',
  studentNumber: 'student_number',
  schoolCode: 'school',
  grade: 'grade',
  className: 'class',
  enrolmentStatus: 'status',
  category: 'category',
};

interface DerivedOptions {
  /** SQL of the scope's LIKE prefix parameter. */
  scopeParam: string;
  /** Extra conditions on the staging row `s` (row range, no error): kept below the fences. */
  where: string[];
  /** Find later rows repeating a valid ID (a scan of the whole file; the dry run only). */
  duplicates: boolean;
}

/**
 * The staging rows with every value a rule or the write needs, computed once per row. Each
 * level is fenced (OFFSET 0) so the next one reads its results as columns: the register_*
 * functions then inline instead of being evaluated once per use.
 *
 * Columns: line; per field f: f_raw (cell as read), f (trimmed, '' when absent); id_n
 * (normalised), id_problem, dup_of (first row of the same valid ID, on a later row), birth_date,
 * sex_code, grade_no, status_code, category_flag, region_id/region_path/region_kind, school_id/school_path.
 */
function derivedRowsSql(ctx: RegisterRowContext, options: DerivedOptions): string {
  const fields = mappedFields(ctx);
  const table = quotedTable(ctx.staging.table);
  const raw = (field: RegisterField) => fields.get(field) ?? 'NULL::text';
  const level1 = Object.entries(COLUMN)
    .map(([field, name]) => {
      const cell = raw(field as RegisterField);
      return `${cell} AS ${name}_raw, coalesce(register_trim(${cell}), '') AS ${name}`;
    })
    .join(',\n        ');
  const where = ['s.line >= 2', ...options.where].join(' AND ');
  const schoolsInScope = `SELECT o.id, o.school_code::text AS code, o.region_path FROM organisations o
      WHERE o.type = 'school' AND o.region_path LIKE ${options.scopeParam}`;
  // Duplicates: the same normalised ID on several rows of the whole file (not only the range);
  // only a valid one counts, and rows sharing a number share its validity.
  const firstRows =
    options.duplicates && fields.has('idNumber')
      ? `SELECT d.n, min(d.line) AS first_line
        FROM (SELECT s.line, ${idNormaliseSql(raw('idNumber'))} AS n FROM ${table} s
              WHERE s.line >= 2 OFFSET 0) d
        WHERE length(d.n) = 18
        GROUP BY d.n HAVING count(*) > 1`
      : `SELECT NULL::text AS n, NULL::int AS first_line WHERE false`;
  return `(SELECT u.*, register_id_problem(u.id_n) AS id_problem, bc.day AS birth_date,
      r.id AS region_id, r.path AS region_path, r.kind::text AS region_kind,
      o.id AS school_id, o.region_path AS school_path,
      CASE WHEN u.line > f.first_line THEN f.first_line END AS dup_of
    FROM (SELECT t.*,
        CASE WHEN t.id = '' THEN '' ELSE ${idNormaliseSql('t.id')} END AS id_n,
        ${dateDigitsSql('t.birth')} AS birth_digits,
        ${lookupSql('t.sex', REGISTER_SEX_TEXTS)} AS sex_code,
        ${lookupSql('t.grade', REGISTER_GRADE_TEXTS)} AS grade_no,
        ${lookupSql('t.status', REGISTER_ENROLMENT_STATUS_TEXTS)} AS status_code,
        ${lookupSql('t.category', CIVIL_AFFAIRS_CATEGORIES)} AS category_flag
      FROM (SELECT s.line,
        ${level1}
        FROM ${table} s WHERE ${where} OFFSET 0) t
      OFFSET 0) u
    -- A hash join to every real day beats checking each row's calendar arithmetic (10× on 1M rows).
    LEFT JOIN register_calendar bc ON bc.digits = u.birth_digits
    LEFT JOIN regions r ON ${fields.has('hukouRegionCode') ? 'r.code = u.region' : 'false'}
    LEFT JOIN (${schoolsInScope}) o ON ${fields.has('schoolCode') ? 'o.code = u.school' : 'false'}
    LEFT JOIN (${firstRows}) f ON f.n = u.id_n
    OFFSET 0) v`;
}

/**
 * An ID cell normalised (white space removed, upper case). Most cells are 18 characters
 * already: they skip the regular expression. One that still holds a space fails the ID
 * check either way, so the fast path changes no rule's outcome.
 */
function idNormaliseSql(cell: string): string {
  return `CASE WHEN length(${cell}) = 18 THEN upper(${cell}) ELSE register_id_normalise(${cell}) END`;
}

/**
 * A trimmed date cell as YYYYMMDD digits for the join to register_calendar, which turns them
 * into the day or finds none (an impossible date). The usual YYYY-MM-DD skips the regular
 * expressions of register_date_digits (the other forms: YYYY/M/D, YYYY.M.D, YYYYMMDD).
 */
export function dateDigitsSql(cell: string): string {
  return `CASE WHEN length(${cell}) = 10 AND substr(${cell}, 5, 1) = '-' AND substr(${cell}, 8, 1) = '-'
          THEN left(${cell}, 4) || substr(${cell}, 6, 2) || substr(${cell}, 9, 2)
          ELSE register_date_digits(${cell}) END`;
}

interface RowCheck {
  field: RegisterField;
  rule: RegisterRowRule;
  /** True when the row breaks the rule (over the derived columns of `v`). */
  when: string;
  value: string;
}

/** Every rule of every mapped field of the kind, as SQL over the derived rows. */
function rowChecks(ctx: RegisterRowContext): RowCheck[] {
  const fields = mappedFields(ctx);
  const checks: RowCheck[] = [];
  for (const spec of REGISTER_KIND_FIELDS[ctx.kind]) {
    if (!fields.has(spec.field)) continue;
    const name = COLUMN[spec.field];
    const value = `v.${name}_raw`;
    const given = `v.${name} <> ''`;
    const check = (rule: RegisterRowRule, when: string, shown = value) =>
      checks.push({ field: spec.field, rule, when: `${given} AND ${when}`, value: shown });
    if (spec.required) checks.push({ field: spec.field, rule: 'required', when: `v.${name} = ''`, value });
    const limit = REGISTER_TEXT_LIMITS[spec.field];
    if (limit !== undefined) check('too_long', `length(v.${name}) > ${limit}`);
    switch (spec.field) {
      case 'idNumber': {
        const masked = 'register_mask_id(v.id_n)';
        check('id_format', `v.id_problem IN ('format', 'birth_date')`, masked);
        check('id_checksum', `v.id_problem = 'checksum'`, masked);
        check(
          'duplicate',
          'v.id_problem IS NULL AND v.dup_of IS NOT NULL',
          `${masked} || ' (同第' || v.dup_of || '行)'`,
        );
        break;
      }
      case 'birthDate':
        check('date', 'v.birth_date IS NULL');
        check('date_future', 'v.birth_date > $3::date');
        break;
      case 'sex':
        check('sex', 'v.sex_code IS NULL');
        break;
      case 'hukouRegionCode':
        check(
          'region_unknown',
          ctx.kind === 'household' ? `v.region_kind IS DISTINCT FROM 'village'` : 'v.region_id IS NULL',
        );
        check(
          'region_out_of_scope',
          `${ctx.kind === 'household' ? `v.region_kind = 'village'` : 'v.region_id IS NOT NULL'} AND v.region_path NOT LIKE $2`,
        );
        break;
      case 'schoolCode':
        check('school_unknown', 'v.school_id IS NULL');
        break;
      case 'grade':
        check('grade', 'v.grade_no IS NULL');
        break;
      case 'enrolmentStatus':
        check('status', 'v.status_code IS NULL');
        break;
      case 'category':
        check('category', 'v.category_flag IS NULL');
        break;
    }
  }
  return checks;
}

/**
 * The dry run's statement: inserts into register_import_errors every problem of every row
 * (ID numbers masked) and returns the counts. Parameters: $1 import id, $2 the scope's LIKE
 * prefix, $3 today.
 */
export function registerValidationSql(ctx: RegisterRowContext): { sql: string; params: unknown[] } {
  const checks = rowChecks(ctx);
  const table = quotedTable(ctx.staging.table);
  const any = checks.map((c) => `coalesce(${c.when}, false)`).join('\n      OR ');
  const values = checks
    .map((c) => `(${literal(c.field)}, ${literal(c.rule)}, ${c.value}, coalesce(${c.when}, false))`)
    .join(',\n        ');
  const sql = `WITH problems AS (
      INSERT INTO register_import_errors (import_id, row_number, field, rule, value)
      SELECT $1, v.line, p.field, p.rule, p.value
      FROM ${derivedRowsSql(ctx, { scopeParam: '$2', where: [], duplicates: true })}
      CROSS JOIN LATERAL (VALUES
        ${values}) p(field, rule, value, hit)
      WHERE (${any}) AND p.hit
      RETURNING row_number, rule)
    SELECT (SELECT count(*) FROM ${table} s WHERE s.line >= 2)::int AS rows,
      (SELECT count(*) FROM (
        SELECT row_number FROM problems WHERE rule NOT IN (${WARNINGS_SQL})
        UNION SELECT row_number FROM register_import_errors WHERE import_id = $1 AND rule NOT IN (${WARNINGS_SQL})) e
      )::int AS invalid,
      $3::date AS today -- bound even when the kind has no date to check`;
  return { sql, params: [ctx.importId, scopePrefix(ctx.regionPath), ctx.today] };
}

/**
 * The dry run: replaces the import's row-rule problems with those of the staged rows, in one
 * statement; `invalid` also counts rows with an error recorded otherwise (e.g. column_count). Run it in a transaction (the job's): it raises work_mem for that transaction
 * so the duplicate search hashes 1M IDs in memory.
 */
export async function validateStaged(
  manager: EntityManager,
  ctx: RegisterRowContext,
): Promise<RegisterValidationCounts> {
  await manager.query(`SELECT set_config('work_mem', '256MB', true)`);
  // Only the row rules' own problems are replaced: others (a row's column count) stay and count.
  await manager.query('DELETE FROM register_import_errors WHERE import_id = $1 AND rule = ANY($2)', [
    ctx.importId,
    REGISTER_ROW_RULES,
  ]);
  const { sql, params } = registerValidationSql(ctx);
  const [{ rows, invalid }] = (await manager.query(sql, params)) as { rows: number; invalid: number }[];
  return { rows, valid: rows - invalid, invalid };
}

/**
 * The real run's write of staged rows firstRow…lastRow that have no error (warnings kept, their
 * ID left out): register_rows, and the full IDs of the same rows in register_id_blocks, one
 * AES block per REGISTER_ID_BLOCK_ROWS rows (so ranges must be aligned to blocks). Parameters:
 * $1 import id, $2 scope LIKE prefix, $3 first row, $4 last row, $5/$6 HMAC inner/outer pads,
 * $7 the block key, $8 the import's region path (a list row without a village code).
 */
export function registerRowsInsertSql(
  ctx: RegisterRowContext,
  keys: RegisterRowKeys,
  firstRow: number,
  lastRow: number,
): { sql: string; params: unknown[] } {
  // A block is written whole by one call, else a second call would collide on its key.
  if (!Number.isInteger(firstRow) || !Number.isInteger(lastRow) || lastRow < firstRow) {
    throw new Error('invalid row range');
  }
  if (firstRow > 2 && firstRow % REGISTER_ID_BLOCK_ROWS !== 0) {
    throw new Error(`row ranges must start an ID block of ${REGISTER_ID_BLOCK_ROWS} rows`);
  }
  const noError = `NOT EXISTS (SELECT 1 FROM register_import_errors e
      WHERE e.import_id = $1 AND e.row_number = s.line AND e.rule NOT IN (${WARNINGS_SQL}))`;
  const listFlag = REGISTER_LIST_FLAGS[ctx.kind];
  const flag = ctx.kind === 'civil_affairs' ? 'v.category_flag' : listFlag ? literal(listFlag) : 'NULL::text';
  // A list row without a village code belongs to the import's region.
  const regionPath = `coalesce(${ctx.kind === 'enrolment' ? 'v.school_path' : 'v.region_path'}, $8)`;
  const valid = `v.id <> '' AND v.id_problem IS NULL`;
  const text = (name: string) => `nullif(v.${name}, '')`;
  const sql = `WITH src AS (
      SELECT v.line, v.id_n, ${valid} AS id_ok,
        CASE WHEN ${valid} THEN sha256($6::bytea || sha256($5::bytea || convert_to(v.id_n, 'UTF8'))) END AS id_hash,
        CASE WHEN ${valid} THEN register_mask_id(v.id_n) END AS id_masked,
        ${text('student_number')} AS student_number, v.name AS full_name, v.sex_code::sex AS sex, v.birth_date,
        ${ctx.kind === 'enrolment' ? 'NULL::uuid' : 'v.region_id'} AS hukou_region_id, ${regionPath} AS region_path,
        ${text('address')} AS address, ${text('guardian')} AS guardian_name, ${text('phone')} AS guardian_phone,
        v.school_id, v.grade_no AS grade, ${text('class')} AS class_name, v.status_code AS enrolment_status,
        (${flag})::special_status_flag AS flag
      FROM ${derivedRowsSql(ctx, { scopeParam: '$2', where: ['s.line BETWEEN $3 AND $4', noError], duplicates: false })}),
    written AS (
      INSERT INTO register_rows (import_id, row_number, kind, region_path, id_hash, id_masked, student_number,
        full_name, sex, birth_date, hukou_region_id, address, guardian_name, guardian_phone, school_id, grade,
        class_name, enrolment_status, flag)
      SELECT $1, line, ${literal(ctx.kind)}, region_path, id_hash, id_masked, student_number, full_name, sex,
        birth_date, hukou_region_id, address, guardian_name, guardian_phone, school_id, grade, class_name,
        enrolment_status, flag
      FROM src
      RETURNING 1),
    -- One IV per block, drawn once (a CTE runs once; a joined subquery could be rescanned).
    ivs AS MATERIALIZED (
      SELECT k.block, gen_random_bytes(16) AS iv
      FROM (SELECT DISTINCT line / ${REGISTER_ID_BLOCK_ROWS} AS block FROM src WHERE id_ok) k),
    blocks AS (
      INSERT INTO register_id_blocks (import_id, block, iv, cipher)
      SELECT $1, ivs.block, ivs.iv, ${registerIdBlockCipherSql('$7::bytea', 'ivs.iv', 'src.line', 'src.id_n')}
      FROM src JOIN ivs ON ivs.block = src.line / ${REGISTER_ID_BLOCK_ROWS}
      WHERE src.id_ok
      GROUP BY ivs.block, ivs.iv
      RETURNING 1)
    SELECT (SELECT count(*) FROM written)::int AS rows, (SELECT count(*) FROM blocks)::int AS blocks`;
  return {
    sql,
    params: [
      ctx.importId,
      scopePrefix(ctx.regionPath),
      firstRow,
      lastRow,
      keys.hmacPads.inner,
      keys.hmacPads.outer,
      keys.idBlockKey,
      ctx.regionPath,
    ],
  };
}

/**
 * Writes staged rows firstRow…lastRow (aligned to ID blocks) in one statement; returns the rows
 * written. Writing a range twice fails on the primary keys: each row is written exactly once.
 */
export async function writeRows(
  manager: EntityManager,
  ctx: RegisterRowContext,
  keys: RegisterRowKeys,
  firstRow: number,
  lastRow: number,
): Promise<number> {
  const { sql, params } = registerRowsInsertSql(ctx, keys, firstRow, lastRow);
  // The CTE of the range's rows stays in memory for chunks of tens of thousands of rows.
  await manager.query(`SELECT set_config('work_mem', '64MB', true)`);
  const [{ rows }] = (await manager.query(sql, params)) as { rows: number }[];
  return rows;
}

/** The two statements with the keys they need, for the import job (provide it beside IdNumberCipher and RegisterIdBlocks). */
@Injectable()
export class RegisterRowStatements {
  constructor(
    private readonly idNumbers: IdNumberCipher,
    private readonly idBlocks: RegisterIdBlocks,
  ) {}

  validate(manager: EntityManager, ctx: RegisterRowContext): Promise<RegisterValidationCounts> {
    return validateStaged(manager, ctx);
  }

  write(manager: EntityManager, ctx: RegisterRowContext, firstRow: number, lastRow: number): Promise<number> {
    return writeRows(manager, ctx, this.keys(), firstRow, lastRow);
  }

  keys(): RegisterRowKeys {
    return { hmacPads: this.idNumbers.hmacPads(), idBlockKey: this.idBlocks.sqlKey() };
  }
}
