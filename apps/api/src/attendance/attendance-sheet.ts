import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { invalid } from '../common/domain-error';

/** At most this many data rows in one file (a term of a large school's classes, with room). */
export const MAX_IMPORT_ROWS = 50_000;

/** The columns of an attendance sheet, by their Chinese headings. */
export const SHEET_COLUMNS = {
  date: '日期',
  grade: '年级',
  className: '班级',
  name: '姓名',
  studentNumber: '学籍号',
  idNumber: '身份证号',
  mark: '考勤',
  excuseReason: '请假原因',
  note: '备注',
} as const;
export type SheetColumn = keyof typeof SHEET_COLUMNS;

/** How far down the headings are looked for. */
const HEADER_SEARCH_ROWS = 5;

const REQUIRED: SheetColumn[] = ['date', 'grade', 'className', 'name', 'mark'];

/** One data row: its 1-based row number as the sheet shows it, and each column's text. */
export interface SheetRow {
  row: number;
  cells: Partial<Record<SheetColumn, string>>;
}

const unreadable = () =>
  invalid('file', 'isSpreadsheet', 'file must be an .xlsx workbook or a UTF-8 .csv file');

/** An Excel date cell is a Date at UTC midnight of the day shown. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

async function xlsxGrid(body: Buffer): Promise<{ row: number; values: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid('file', 'notEmpty', 'the workbook has no sheet');
  const grid: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellText(cell.value).trim();
    });
    grid.push({ row: number, values: Array.from(values, (v) => v ?? '') });
  });
  return grid;
}

function csvGrid(body: Buffer): { row: number; values: string[] }[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw unreadable();
  }
  // A NUL byte: a binary file, not text.
  if (text.includes('\u0000')) throw unreadable();
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false });
  } catch {
    throw unreadable();
  }
  return records
    .map((values, index) => ({ row: index + 1, values: values.map((v) => v.trim()) }))
    .filter((line) => line.values.some((v) => v !== ''));
}

/** An .xlsx (zip: starts `PK\x03\x04`) or a UTF-8 .csv (with or without BOM). */
export async function readAttendanceSheet(body: Buffer): Promise<SheetRow[]> {
  if (body.length === 0) throw invalid('file', 'notEmpty', 'the file is empty');
  const isZip = body.length > 4 && body.readUInt32BE(0) === 0x504b0304;
  const grid = isZip ? await xlsxGrid(body) : csvGrid(body);
  if (grid.length === 0) throw invalid('file', 'notEmpty', 'the file is empty');
  // A school's sheet often has a title row or two above its headings.
  const headerAt = Math.max(
    0,
    grid.slice(0, HEADER_SEARCH_ROWS).findIndex((line) => line.values.includes(SHEET_COLUMNS.date)),
  );
  const header = grid[headerAt];
  const data = grid.slice(headerAt + 1);
  const index = new Map<SheetColumn, number>();
  for (const [key, heading] of Object.entries(SHEET_COLUMNS) as [SheetColumn, string][]) {
    const at = header.values.indexOf(heading);
    if (at >= 0) index.set(key, at);
  }
  const missing: string[] = REQUIRED.filter((key) => !index.has(key)).map((key) => SHEET_COLUMNS[key]);
  if (!index.has('studentNumber') && !index.has('idNumber')) missing.push('学籍号 或 身份证号');
  if (missing.length > 0)
    throw invalid('file', 'missingColumn', `the sheet lacks the column(s): ${missing.join(', ')}`);
  if (data.length === 0) throw invalid('file', 'notEmpty', 'the sheet has no rows below its headings');
  if (data.length > MAX_IMPORT_ROWS)
    throw invalid('file', 'maxRows', `a sheet may hold at most ${MAX_IMPORT_ROWS} rows`);
  return data.map((line) => ({
    row: line.row,
    cells: Object.fromEntries([...index].map(([key, at]) => [key, line.values[at] ?? ''])),
  }));
}
