import type { RegisterEncoding, RegisterFileFormat } from '@baoxue/contracts';
import type { RegisterFileRule } from '@baoxue/domain';
import { parse } from 'csv-parse';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvBlankLines } from './csv-blank-lines';
import { decodeText, detectCsvEncoding, faultLine, UndecodableBytes } from './csv-encoding';
import { fileRuleMessage, sniffFileKind, SNIFF_BYTES } from './file-signature';
import { NotAWorkbook, readFirstSheetRows } from './xlsx-rows';

/** What a stored file is, read from its first bytes and rows (for the mapping preview). */
export interface RegisterSourceInfo {
  format: RegisterFileFormat;
  /** CSV only: how its bytes are decoded; null for .xlsx. */
  encoding: RegisterEncoding | null;
  headers: string[];
  /** The first data rows as read (raw: the caller masks ID numbers before storing them). */
  sample: string[][];
}

export interface RegisterFileProblem {
  rule: RegisterFileRule;
  /** Plain words for the user, naming what was found (e.g. the row and its column count). */
  message: string;
  /** The file's row (header = 1) when the problem is at one row. */
  row?: number;
}

/** The file cannot be read as a register at all: nothing of it is staged or written. */
export class RegisterFileRejected extends Error {
  constructor(readonly problems: RegisterFileProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** Opens a fresh stream of the stored file's bytes (called once per pass). */
export type OpenFile = () => Readable;

function rejected(rule: RegisterFileRule, detail?: string, row?: number): RegisterFileRejected {
  return new RegisterFileRejected([
    { rule, message: fileRuleMessage(rule, detail), ...(row ? { row } : {}) },
  ]);
}

/** The file's first SNIFF_BYTES (or all of it when shorter), and whether that is all of it. */
async function readHead(open: OpenFile): Promise<{ head: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Breaking out of the loop destroys the stream: nothing more is read.
  for await (const chunk of open()) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    // Exactly the sniffed bytes: a bad byte further on is reported at its row by the COPY,
    // rather than turning a UTF-8 file into GB18030 nonsense.
    if (size > SNIFF_BYTES) return { head: Buffer.concat(chunks).subarray(0, SNIFF_BYTES), complete: false };
  }
  return { head: Buffer.concat(chunks), complete: true };
}

/** A record with no value at all: skipped, as COPY's WHERE skips it. */
function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell === '');
}

function checkHeaders(headers: string[], sample: string[][]): void {
  if (headers.every((header) => header === '')) {
    if (sample.length === 0) throw rejected('no_rows', '文件只有空行 (the file has only blank lines)');
    throw rejected('missing_column', '第1行（表头）为空 (row 1, the header, is empty)', 1);
  }
  if (sample.length === 0) throw rejected('no_rows', '只有表头，没有数据行 (only a header row)');
}

async function inspectCsv(
  open: OpenFile,
  head: Buffer,
  encoding: RegisterEncoding,
  sampleRows: number,
): Promise<RegisterSourceInfo> {
  const input = open();
  let undecodable = false;
  const text = Readable.from(decodeText(input, encoding, () => (undecodable = true)));
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let headers: string[] | null = null;
  const sample: string[][] = [];
  const wanted = Math.max(sampleRows, 1);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (headers === null) headers = record.map((cell) => cell.trim());
      else if (!isBlank(record)) sample.push(record);
      if (sample.length >= wanted) break;
    }
  } catch (error) {
    if (undecodable || error instanceof UndecodableBytes) {
      const label = encoding === 'utf-8' ? 'UTF-8' : 'GBK/GB18030';
      const row = faultLine(head, encoding);
      throw rejected(
        'encoding',
        `${row ? `第${row}行` : '文件中'}有无法按${label}解码的字节（混有不同编码？） (${row ? `row ${row}` : 'a row'} does not decode as ${label})`,
        row,
      );
    }
    const { code, lines: line } = error as { code?: unknown; lines?: number };
    // Anything but csv-parse's own complaint (the file store failing, say) is not the file's fault.
    if (typeof code !== 'string' || !code.startsWith('CSV_')) throw error;
    throw rejected(
      'column_count',
      `${line ? `第${line}行附近` : ''}CSV格式错误（引号未闭合？） (malformed CSV${line ? ` near row ${line}` : ''}: an unclosed quote?)`,
      line,
    );
  } finally {
    text.destroy();
    input.destroy();
  }
  checkHeaders(headers ?? [''], sample);
  return { format: 'csv', encoding, headers: headers ?? [], sample: sample.slice(0, sampleRows) };
}

function notAWorkbook(fileName?: string): RegisterFileRejected {
  const which = fileName ? `“${fileName}”` : '文件';
  return rejected(
    'not_spreadsheet',
    `${which}是压缩包，但不是Excel工作簿（.xlsx） (a zip archive, but not an .xlsx workbook)`,
  );
}

async function inspectXlsx(
  open: OpenFile,
  fileName: string,
  sampleRows: number,
): Promise<RegisterSourceInfo> {
  let headers: string[] | null = null;
  const sample: string[][] = [];
  const wanted = Math.max(sampleRows, 1);
  try {
    for await (const row of readFirstSheetRows(open())) {
      if (row.cells.length === 0) continue;
      if (headers === null) headers = row.cells.map((cell) => cell.trim());
      else sample.push(row.cells);
      if (sample.length >= wanted) break;
    }
  } catch (error) {
    if (error instanceof NotAWorkbook) throw notAWorkbook(fileName);
    throw error;
  }
  if (headers === null) throw rejected('no_rows', '第一个工作表是空的 (the first worksheet is empty)');
  checkHeaders(headers, sample);
  return { format: 'xlsx', encoding: null, headers, sample: sample.slice(0, sampleRows) };
}

/**
 * Reads the file's kind (CSV by content, .xlsx by its zip signature and workbook), the CSV
 * encoding (UTF-8, with or without BOM, else GB18030/GBK when the bytes decode as such),
 * the header row and the first `sampleRows` data rows. Throws RegisterFileRejected for a
 * 0-byte file, a file that is neither (a PDF, a .xls, an image …), undecodable bytes, or no header.
 */
export async function inspectRegisterFile(
  open: OpenFile,
  fileName: string,
  sampleRows = 5,
): Promise<RegisterSourceInfo> {
  const { head, complete } = await readHead(open);
  if (head.length === 0) throw rejected('empty_file');
  const sniffed = sniffFileKind(head);
  if (sniffed.kind === 'other') throw rejected(sniffed.rule, `看起来是${sniffed.looksLike}`);
  if (sniffed.kind === 'xlsx') return inspectXlsx(open, fileName, sampleRows);
  const encoding = detectCsvEncoding(head, complete);
  if (encoding === null) {
    throw rejected('encoding', '既不是UTF-8也不是GBK/GB18030 (neither UTF-8 nor GBK/GB18030)');
  }
  return inspectCsv(open, head, encoding, sampleRows);
}

/** One CSV record for COPY; cells past the header's count were refused before. */
function csvRecord(cells: string[], columns: number): string {
  let record = '';
  for (let i = 0; i < columns; i++) {
    if (i > 0) record += ',';
    const cell = cells[i] ?? '';
    // `\.` alone on a line ends a COPY: quoted, it is data.
    if (/[",\r\n]/.test(cell) || cell === '\\.') record += `"${cell.replace(/"/g, '""')}"`;
    else record += cell;
  }
  return `${record}\n`;
}

const XLSX_BATCH_CHARS = 64 * 1024;

/**
 * The first worksheet as CSV for COPY. The header is the first row with a value (as in
 * inspectRegisterFile); a row Excel does not store becomes an empty record, skipped by the
 * COPY's WHERE, so each row's line is its distance from the header (its Excel row when the
 * header is row 1).
 */
async function* xlsxAsCsv(input: Readable, columns: number): AsyncGenerator<Buffer> {
  const empty = csvRecord([], columns);
  let header = 0;
  let line = 1;
  let batch = '';
  try {
    for await (const row of readFirstSheetRows(input)) {
      if (header === 0) {
        if (row.cells.length === 0) continue;
        header = row.number;
        batch += empty;
        continue;
      }
      const rowLine = row.number - header + 1;
      for (line++; line < rowLine; line++) batch += empty;
      if (row.cells.length > columns) {
        throw rejected(
          'column_count',
          `第${rowLine}行有${row.cells.length}列，表头只有${columns}列 (row ${rowLine} has ${row.cells.length} columns, the header ${columns})`,
          rowLine,
        );
      }
      batch += csvRecord(row.cells, columns);
      if (batch.length >= XLSX_BATCH_CHARS) {
        yield Buffer.from(batch);
        batch = '';
      }
    }
  } catch (error) {
    if (error instanceof NotAWorkbook) throw notAWorkbook();
    throw error;
  }
  if (batch) yield Buffer.from(batch);
}

/** The row PostgreSQL names in a COPY error's context ("COPY t, line 7: …"). */
function copyErrorLine(error: { where?: string }): number | undefined {
  const match = /line (\d+)/.exec(error.where ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A COPY error about the file's content as the user's problem; anything else is rethrown. */
function copyRejection(error: unknown, columns: number): unknown {
  const pgError = error as { code?: string; message?: string; where?: string };
  const row = copyErrorLine(pgError);
  const at = row ? `第${row}行` : '';
  const atEn = row ? `row ${row}` : 'a row';
  const message = pgError.message ?? '';
  if (pgError.code === '22P04') {
    const missing = /missing data for column "c(\d+)"/.exec(message);
    if (missing) {
      const found = Number(missing[1]);
      return rejected(
        'column_count',
        `${at}有${found}列，表头有${columns}列 (${atEn} has ${found} columns, the header ${columns})`,
        row,
      );
    }
    if (message.includes('extra data after last expected column')) {
      return rejected(
        'column_count',
        `${at}多于表头的${columns}列 (${atEn} has more than the header's ${columns} columns)`,
        row,
      );
    }
    if (message.includes('unterminated CSV quoted field')) {
      return rejected('column_count', `${at}起引号未闭合 (an unclosed quote from ${atEn})`, row);
    }
    return rejected(
      'column_count',
      `${at}换行符与前面的行不一致，请用Excel重新另存为CSV (${atEn}: line endings differ from the rows before; save the CSV again)`,
      row,
    );
  }
  if (pgError.code === '22021' || pgError.code === '22P05') {
    return rejected('encoding', `${at}有无法识别的字符 (${atEn} has bytes that do not decode)`, row);
  }
  return error;
}

/** The client's transaction state ('I' idle, 'T' in a transaction, 'E' failed), when pg tells it. */
function transactionStatus(client: PoolClient): string | null {
  const status = (client as unknown as { getTransactionStatus?: () => string | null }).getTransactionStatus;
  return typeof status === 'function' ? status.call(client) : null;
}

/**
 * COPYs the whole file (header skipped) into `table`, a new UNLOGGED table the function
 * creates with columns `line integer` (the file's row number, header = 1) and `c0 … c{n-1}
 * text`, where n = info.headers.length; streams, so memory stays flat whatever the size.
 * A row whose column count differs from the header's throws RegisterFileRejected
 * (`column_count`, with its row). Returns the number of data rows.
 *
 * CSV bytes go to PostgreSQL as they are (its parser is far faster than any in Node); a
 * blank row, or one whose every cell is empty, is not staged but keeps its line number.
 * Inside a transaction the work is under a savepoint, so a rejected file leaves the
 * transaction usable and no table behind; outside one, the table is dropped.
 */
export async function copyIntoStaging(
  client: PoolClient,
  table: string,
  open: OpenFile,
  info: RegisterSourceInfo,
): Promise<number> {
  const columns = info.headers.length;
  const name = client.escapeIdentifier(table);
  const list = Array.from({ length: columns }, (_, i) => `c${i}`).join(', ');
  const definitions = Array.from({ length: columns }, (_, i) => `c${i} text`).join(', ');
  const encoding = info.format === 'csv' && info.encoding === 'gb18030' ? 'GB18030' : 'UTF8';
  const savepoint = transactionStatus(client) === 'T';
  if (savepoint) await client.query('SAVEPOINT register_staging');
  try {
    await client.query(
      `CREATE UNLOGGED TABLE ${name} (line integer GENERATED ALWAYS AS IDENTITY (START WITH 2), ${definitions})`,
    );
    const copy = client.query(
      copyFrom(
        `COPY ${name} (${list}) FROM STDIN (FORMAT csv, HEADER true, ENCODING '${encoding}') ` +
          `WHERE num_nonnulls(${list}) > 0`,
      ),
    );
    if (info.format === 'csv') await pipeline(open(), new CsvBlankLines(columns), copy);
    else await pipeline(Readable.from(xlsxAsCsv(open(), columns)), copy);
    if (savepoint) await client.query('RELEASE SAVEPOINT register_staging');
    return copy.rowCount;
  } catch (error) {
    if (savepoint) {
      await client.query('ROLLBACK TO SAVEPOINT register_staging');
      await client.query('RELEASE SAVEPOINT register_staging');
    } else {
      await client.query(`DROP TABLE IF EXISTS ${name}`);
    }
    throw copyRejection(error, columns);
  }
}
