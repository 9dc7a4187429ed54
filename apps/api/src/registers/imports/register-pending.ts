import { REGISTER_ROW_RULES, REGISTER_WARNING_RULES, RegisterKind, RegisterMapping } from '@baoxue/domain';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import type { IdNumberCipher } from '../../students/id-number-cipher';
import { REGISTER_ID_BLOCK_ROWS, registerIdBlockPlainSql } from '../register-id-blocks';
import { copyTextField, copyTextRows } from './copy-text';
import { markedRows, markWorkTable } from './work-table-marks';
import { pendingIdsTable, pendingTable, stagingTable } from './register-import-problems';
import {
  RegisterCheckedRow,
  registerRowChecker,
  RegisterRegionRef,
  RegisterSchoolRef,
} from './register-row-check';

/**
 * The import's rows, checked and derived once. The dry run reads the staged cells out of
 * PostgreSQL (COPY TO), checks each row in TypeScript (register-row-check.ts), hashes valid ID
 * numbers, and COPYs the rows — valid or not, with their problems — into the import's pending
 * table (UNLOGGED, `register_pending_<id>`). Set-based statements then find duplicate IDs and
 * record every problem. The real run copies the pending table's valid rows into register_rows
 * as they are: no row is checked or derived twice.
 */

export interface RegisterPassContext {
  importId: string;
  kind: RegisterKind;
  mapping: RegisterMapping;
  columnCount: number;
  /** The import's scope (`/37/3708/370829/`). */
  regionPath: string;
  /** YYYY-MM-DD in China. */
  today: string;
  /** The students' own keyed hash of ID numbers: its pads for the SQL, and itself for the odd cell. */
  idNumbers: Pick<IdNumberCipher, 'hmacPads' | 'hash'>;
}

/** What the row pass counted: rows read, rows without an error, rows with any problem. */
export interface RegisterPassCounts {
  rows: number;
  valid: number;
  withProblems: number;
}

export interface RegisterPendingCounts {
  rows: number;
  valid: number;
  invalid: number;
}

/**
 * The partition of register_rows that holds a kind (migration 1797130000000): comparisons read
 * one kind at a time, so its statistics are the ones refreshed after an import.
 */
export function registerRowsPartition(kind: RegisterKind): string {
  if (kind === 'household' || kind === 'enrolment') return `register_rows_${kind}`;
  return 'register_rows_lists';
}

const WARNINGS_SQL = REGISTER_WARNING_RULES.map((r) => `'${r}'`).join(', ');

/** The pending table's columns, in COPY order: register_rows' own, plus what the pass needs. */
const PENDING_COLUMNS = [
  ['row_number', 'integer NOT NULL'],
  ['valid', 'boolean NOT NULL'],
  ['problems', 'text'],
  ['id_number', 'text'],
  ['id_hash', 'bytea'],
  ['id_masked', 'character varying(18)'],
  // Text, not register_rows' varchar(32): an invalid row keeps its too-long value here.
  ['student_number', 'text'],
  ['full_name', 'text'],
  ['sex', 'sex'],
  ['birth_date', 'date'],
  ['hukou_region_id', 'uuid'],
  ['region_path', 'text COLLATE "C"'],
  ['address', 'text'],
  ['guardian_name', 'text'],
  ['guardian_phone', 'text'],
  ['school_id', 'uuid'],
  ['grade', 'smallint'],
  ['class_name', 'text'],
  ['enrolment_status', 'text'],
  ['flag', 'special_status_flag'],
] as const;

const PENDING_COLUMN_LIST = PENDING_COLUMNS.map(([name]) => name).join(', ');

const NULL = '\\N';

/** A free-text value (a cell as the file had it, trimmed) as a COPY field. */
const text = copyTextField;
/** A value the pass made itself or read from the database (digits, codes, paths, uuids): nothing to escape. */
const plain = (value: string | number | null) => (value === null ? NULL : String(value));

function pendingLine(row: string, checked: RegisterCheckedRow, idHashHex: string | null): string {
  const problems = checked.problems.length > 0 ? text(JSON.stringify(checked.problems)) : NULL;
  return `${row}\t${checked.valid ? 't' : 'f'}\t${problems}\t${plain(checked.idNumber)}\t${
    idHashHex === null ? NULL : `\\\\x${idHashHex}`
  }\t${plain(checked.idMasked)}\t${text(checked.studentNumber)}\t${text(checked.fullName)}\t${plain(
    checked.sex,
  )}\t${plain(checked.birthDate)}\t${plain(checked.hukouRegionId)}\t${plain(checked.regionPath)}\t${text(
    checked.address,
  )}\t${text(checked.guardianName)}\t${text(checked.guardianPhone)}\t${plain(checked.schoolId)}\t${plain(
    checked.grade,
  )}\t${text(checked.className)}\t${plain(checked.enrolmentStatus)}\t${plain(checked.flag)}\n`;
}

/** Region codes → regions: those of the scope up front, any other code fetched once when first met. */
class RegionLookup {
  private readonly byCode = new Map<string, RegisterRegionRef | null>();

  constructor(private readonly dataSource: DataSource) {}

  async preload(regionPath: string): Promise<void> {
    await this.add(`SELECT code, id, path, kind::text AS kind FROM regions WHERE path LIKE $1`, [
      `${regionPath}%`,
    ]);
  }

  /** Fetches the codes of `codes` not seen yet (a batch's worth, one query). */
  async ensure(codes: Iterable<string>): Promise<void> {
    const missing = [...new Set(codes)].filter((code) => code !== '' && !this.byCode.has(code));
    if (missing.length === 0) return;
    for (const code of missing) this.byCode.set(code, null);
    await this.add(`SELECT code, id, path, kind::text AS kind FROM regions WHERE code = ANY($1)`, [missing]);
  }

  get(code: string): RegisterRegionRef | undefined {
    return this.byCode.get(code) ?? undefined;
  }

  private async add(sql: string, params: unknown[]): Promise<void> {
    const rows: (RegisterRegionRef & { code: string })[] = await this.dataSource.query(sql, params);
    for (const { code, id, path, kind } of rows) this.byCode.set(code, { id, path, kind });
  }
}

async function schoolsOfScope(
  dataSource: DataSource,
  regionPath: string,
): Promise<Map<string, RegisterSchoolRef>> {
  const rows: { code: string; id: string; path: string }[] = await dataSource.query(
    `SELECT school_code::text AS code, id, region_path AS path FROM organisations
      WHERE type = 'school' AND school_code IS NOT NULL AND region_path LIKE $1`,
    [`${regionPath}%`],
  );
  return new Map(rows.map(({ code, id, path }) => [code, { id, path }]));
}

/**
 * The staged rows as the pass reads them: the cells, the line, and the keyed hash of the ID cell
 * when it is 18 characters (upper-cased), so the hashing runs in the database's process beside
 * the pass rather than in its own (sha256 there costs a third of a hash call from Node); the
 * odd cell with spaces around its number is hashed in Node. The key's pads reach the read's
 * transaction as settings, never as statement text.
 */
async function readerSql(reader: Client, staging: string, ctx: RegisterPassContext): Promise<string> {
  const cells = Array.from({ length: ctx.columnCount }, (_, i) => `s.c${i}`).join(', ');
  const column = ctx.mapping.idNumber;
  if (typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column >= ctx.columnCount) {
    return `COPY (SELECT ${cells}, s.line, NULL::text FROM ${staging} s WHERE s.line >= 2) TO STDOUT`;
  }
  // Set for this transaction only, so they never outlive the read, even behind a pooler.
  const pads = ctx.idNumbers.hmacPads();
  await reader.query('BEGIN READ ONLY');
  await reader.query(
    `SELECT set_config('baoxue.register_hmac_inner', $1, true), set_config('baoxue.register_hmac_outer', $2, true)`,
    [pads.inner.toString('hex'), pads.outer.toString('hex')],
  );
  const cell = `s.c${column}`;
  return `COPY (SELECT ${cells}, s.line, CASE WHEN length(${cell}) = 18
        THEN encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(upper(${cell}), 'UTF8'))), 'hex') END
      FROM ${staging} s,
        (SELECT decode(current_setting('baoxue.register_hmac_inner'), 'hex') AS inner_pad,
                decode(current_setting('baoxue.register_hmac_outer'), 'hex') AS outer_pad) k
      WHERE s.line >= 2) TO STDOUT`;
}

/**
 * The row pass: staged cells → checked rows → a fresh pending table (any earlier one dropped).
 * Two connections of its own stream at once, out of staging and into pending (closed afterwards,
 * so a COPY cut off midway never returns a half-spoken connection to the pool); memory holds one
 * network chunk of rows whatever the file's size. Answers what it counted on the way.
 */
export async function derivePending(
  dataSource: DataSource,
  databaseUrl: string,
  ctx: RegisterPassContext,
): Promise<RegisterPassCounts> {
  const staging = stagingTable(ctx.importId);
  const pending = pendingTable(ctx.importId);
  const regions = new RegionLookup(dataSource);
  await regions.preload(ctx.regionPath);
  const schools = await schoolsOfScope(dataSource, ctx.regionPath);
  const check = registerRowChecker({
    kind: ctx.kind,
    mapping: ctx.mapping,
    columnCount: ctx.columnCount,
    regionPath: ctx.regionPath,
    today: ctx.today,
    region: (code) => regions.get(code),
    school: (code) => schools.get(code),
  });
  const cellOf = (column: number | null | undefined) => (typeof column === 'number' ? column : null);
  const regionCell = cellOf(ctx.mapping.hukouRegionCode);
  const idCell = cellOf(ctx.mapping.idNumber);
  // Each row read is the cells, then its line, then the hash of its ID cell (readerSql).
  const lineField = ctx.columnCount;
  const hashField = ctx.columnCount + 1;

  const reader = new Client({ connectionString: databaseUrl, application_name: 'baoxue-register-pass' });
  const writer = new Client({ connectionString: databaseUrl, application_name: 'baoxue-register-pass' });
  const counts: RegisterPassCounts = { rows: 0, valid: 0, withProblems: 0 };
  // A connection lost mid-pass fails the pass through its query; unheard, the event would end the process.
  for (const client of [reader, writer]) client.on('error', () => undefined);
  try {
    await reader.connect();
    await writer.connect();
    await writer.query(`DROP TABLE IF EXISTS ${pending}`);
    await writer.query(
      `CREATE UNLOGGED TABLE ${pending} (${PENDING_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`,
    );
    const source = reader.query(copyTo(await readerSql(reader, staging, ctx)));
    const sink = writer.query(copyFrom(`COPY ${pending} (${PENDING_COLUMN_LIST}) FROM STDIN`));
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const batch of copyTextRows(chunks)) {
          // A code outside the scope is looked up before its rows are checked: one query a batch at most.
          if (regionCell !== null)
            await regions.ensure(batch.map((cells) => (cells[regionCell] ?? '').trim()));
          let out = '';
          for (const cells of batch) {
            const checked = check(cells);
            let idHash: string | null = null;
            if (checked.idNumber !== null) {
              // PostgreSQL hashed the cell as it stood: the number itself when the cell was 18 characters.
              const hashed = cells[hashField];
              const cell = idCell === null ? null : cells[idCell];
              idHash =
                hashed && cell?.length === 18 ? hashed : ctx.idNumbers.hash(checked.idNumber).toString('hex');
            }
            if (checked.valid) counts.valid++;
            if (checked.problems.length > 0) counts.withProblems++;
            out += pendingLine(cells[lineField] as string, checked, idHash);
          }
          counts.rows += batch.length;
          yield out;
        }
      },
      sink,
    );
    await writer.query(`CREATE INDEX ON ${pending} (row_number)`);
  } finally {
    await Promise.all([reader.end().catch(() => undefined), writer.end().catch(() => undefined)]);
  }
  return counts;
}

/**
 * After derivePending, in the dry run's transaction: every problem recorded (those of the row
 * rules replaced), later rows repeating a valid ID number made `duplicate`, and rows with any
 * error recorded otherwise (a ragged row) made invalid. Answers the counts and marks the
 * pending table complete.
 */
export async function settlePending(
  manager: EntityManager,
  importId: string,
  idBlockKey: Buffer,
  pass: RegisterPassCounts,
): Promise<RegisterPendingCounts> {
  const pending = pendingTable(importId);
  const ids = pendingIdsTable(importId);
  await assertFilled(manager, pending);
  await manager.query(`SELECT set_config('work_mem', '256MB', true)`);
  await manager.query('DELETE FROM register_import_errors WHERE import_id = $1 AND rule = ANY($2)', [
    importId,
    REGISTER_ROW_RULES,
  ]);
  if (pass.withProblems > 0) {
    await manager.query(
      `INSERT INTO register_import_errors (import_id, row_number, field, rule, value)
       SELECT $1, p.row_number, e.field, e.rule, e.value
         FROM ${pending} p
        CROSS JOIN LATERAL jsonb_to_recordset(p.problems::jsonb) AS e(field text, rule text, value text)
        WHERE p.problems IS NOT NULL`,
      [importId],
    );
  }
  // Rows sharing a number share its validity, so only valid numbers (hashed) are compared.
  await manager.query(
    `INSERT INTO register_import_errors (import_id, row_number, field, rule, value)
     SELECT $1, p.row_number, 'idNumber', 'duplicate', p.id_masked || ' (同第' || d.first_row || '行)'
       FROM ${pending} p
       JOIN (SELECT id_hash, min(row_number) AS first_row FROM ${pending}
              WHERE id_hash IS NOT NULL GROUP BY id_hash HAVING count(*) > 1) d
         ON d.id_hash = p.id_hash AND p.row_number > d.first_row`,
    [importId],
  );
  // Rows with an error the row rules did not see (a duplicate, a ragged row) are not written.
  const [, invalidated]: [unknown, number] = await manager.query(
    `UPDATE ${pending} p SET valid = false
       FROM (SELECT DISTINCT row_number FROM register_import_errors
              WHERE import_id = $1 AND rule NOT IN (${WARNINGS_SQL})) e
      WHERE p.row_number = e.row_number AND p.valid`,
    [importId],
  );
  // The valid rows' full ID numbers, encrypted per block now, so the real run copies them as they are.
  await manager.query(`DROP TABLE IF EXISTS ${ids}`);
  await manager.query(
    `CREATE UNLOGGED TABLE ${ids} (block integer PRIMARY KEY, iv bytea NOT NULL, cipher bytea NOT NULL)`,
  );
  await manager.query(
    `WITH plain AS MATERIALIZED (
        SELECT row_number / ${REGISTER_ID_BLOCK_ROWS} AS block, gen_random_bytes(16) AS iv,
               ${registerIdBlockPlainSql('row_number', 'id_number')} AS text
          FROM ${pending} WHERE valid AND id_number IS NOT NULL
         GROUP BY 1)
     INSERT INTO ${ids} (block, iv, cipher)
     SELECT block, iv, encrypt_iv(text, $1::bytea, iv, 'aes-cbc/pad:pkcs') FROM plain`,
    [idBlockKey],
  );
  const valid = pass.valid - invalidated;
  const counts: RegisterPendingCounts = { rows: pass.rows, valid, invalid: pass.rows - valid };
  await markWorkTable(manager, pending, 'pending', counts.rows);
  return counts;
}

/**
 * An UNLOGGED table comes back empty after a database crash: a pass that finds its pending
 * table so fails, and its job's next attempt derives the rows again.
 */
async function assertFilled(manager: EntityManager, pending: string): Promise<void> {
  const [{ filled }]: { filled: boolean }[] = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM ${pending}) AS filled`,
  );
  if (!filled)
    throw new Error('register import pending rows lost (database restart); they are derived again');
}

/** The last data row of the pending table (blank rows of the file keep their numbers). */
export async function pendingLastRow(dataSource: DataSource, importId: string): Promise<number> {
  const [{ last }]: { last: number }[] = await dataSource.query(
    `SELECT coalesce(max(row_number), 1) AS last FROM ${pendingTable(importId)}`,
  );
  return last;
}

/** The complete pending table's row count, or null (none, a cut-off pass, or emptied by a crash). */
export function pendingRows(dataSource: DataSource, importId: string): Promise<number | null> {
  return markedRows(dataSource, pendingTable(importId), 'pending');
}

/**
 * The real run's write of pending rows firstRow…lastRow that are valid, in one statement:
 * register_rows as they are, the same rows' full ID numbers in register_id_blocks (one AES
 * block per REGISTER_ID_BLOCK_ROWS rows, so ranges must start a block), and the range's
 * register_import_chunks checkpoint. Writing a range again fails on the checkpoint's primary
 * key and writes nothing: each row is written exactly once. The rows go straight into their
 * kind's partition (15 % faster than routing each through register_rows). Answers the rows
 * written.
 */
export async function writePendingRows(
  manager: EntityManager,
  target: { importId: string; kind: RegisterKind },
  firstRow: number,
  lastRow: number,
): Promise<number> {
  if (!Number.isInteger(firstRow) || !Number.isInteger(lastRow) || lastRow < firstRow) {
    throw new Error('invalid row range');
  }
  if (firstRow > 2 && firstRow % REGISTER_ID_BLOCK_ROWS !== 0) {
    throw new Error(`row ranges must start an ID block of ${REGISTER_ID_BLOCK_ROWS} rows`);
  }
  const pending = pendingTable(target.importId);
  const ids = pendingIdsTable(target.importId);
  await assertFilled(manager, pending);
  const columns = `row_number, region_path, id_hash, id_masked, student_number, full_name, sex, birth_date,
    hukou_region_id, address, guardian_name, guardian_phone, school_id, grade, class_name, enrolment_status, flag`;
  const [{ rows }]: { rows: number }[] = await manager.query(
    `WITH written AS (
        INSERT INTO ${registerRowsPartition(target.kind)} (import_id, kind, ${columns})
        SELECT $1, $2, ${columns} FROM ${pending} WHERE valid AND row_number BETWEEN $3 AND $4
        RETURNING 1),
      blocks AS (
        INSERT INTO register_id_blocks (import_id, block, iv, cipher)
        SELECT $1, block, iv, cipher FROM ${ids}
         WHERE block BETWEEN $3::int / ${REGISTER_ID_BLOCK_ROWS} AND $4::int / ${REGISTER_ID_BLOCK_ROWS}
        RETURNING 1),
      chunk AS (
        INSERT INTO register_import_chunks (import_id, first_row, last_row, rows)
        SELECT $1, $3, $4, count(*) FROM written
        RETURNING rows)
    SELECT (SELECT rows FROM chunk) AS rows, (SELECT count(*) FROM blocks)::int AS blocks`,
    [target.importId, target.kind, firstRow, lastRow],
  );
  return rows;
}
