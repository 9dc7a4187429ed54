import ExcelJS from 'exceljs';
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** One worksheet row as text: cells 0-based, '' where empty, trailing empty cells dropped. */
export interface SheetRow {
  /** The sheet's own row number (1-based), as Excel shows it. */
  number: number;
  cells: string[];
}

/** The zip is not an Excel workbook (a .docx, photos, a broken zip …). */
export class NotAWorkbook extends Error {}

/**
 * Streams the rows of a workbook's first worksheet with exceljs' WorkbookReader, so a large
 * sheet is never held in memory (a sheet stored before its shared strings is spooled to a
 * temporary file by exceljs, not to memory, and removed here when done). Rows Excel does not store (blank) are skipped.
 */
export async function* readFirstSheetRows(input: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  let spooled: string | null = null;
  try {
    for await (const sheet of reader) {
      sheets++;
      spooled = spooledPath(sheet);
      // Known once workbook.xml has been read, which is before any sheet is emitted.
      const date1904 = Boolean(
        (reader as unknown as { properties?: { date1904?: boolean } }).properties?.date1904,
      );
      for await (const row of sheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = cellText(cell, date1904);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= '';
        while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
        yield { number: row.number, cells };
      }
      return;
    }
  } catch (error) {
    throw new NotAWorkbook(error instanceof Error ? error.message : String(error));
  } finally {
    input.destroy();
    // exceljs deletes its spool file only when a sheet is read to the end: not when the
    // reader stops after a few rows, or at a rejected row.
    if (spooled) await unlink(spooled).catch(() => undefined);
  }
  if (sheets === 0) throw new NotAWorkbook('no worksheet in the zip');
}

/**
 * Where exceljs spooled a sheet it met before the shared strings (what Excel itself writes):
 * the sheet then reads from a temporary file, whose stream keeps the path.
 */
function spooledPath(sheet: unknown): string | null {
  const path = (sheet as { iterator?: { path?: unknown } }).iterator?.path;
  return typeof path === 'string' ? path : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of a date exceljs made from a serial day (a UTC midnight, time of day ignored). */
export function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** exceljs' own test for a date number format (quoted text and [colour] parts ignored). */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]+/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * A number as its text. Excel keeps 15 significant digits, so an 18-digit ID number typed as
 * a number has already lost its last digits: such a number is written the way Excel shows it
 * (3.70829201001011E+17), which no row rule mistakes for an ID number.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value) && Math.abs(value) >= 1e15) {
    const [mantissa, exponent] = value.toExponential(14).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}E${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`;
  }
  return String(value);
}

type CellValue = ExcelJS.CellValue;

function valueText(value: CellValue | undefined, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    // Formula results arrive as numbers even when formatted as dates.
    if (isDateFormat(numFmt))
      return dateText(new Date(Math.round((value - 25569 + (date1904 ? 1462 : 0)) * DAY_MS)));
    return numberText(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return valueText((value as ExcelJS.CellFormulaValue).result as CellValue, numFmt, date1904);
  }
  if ('hyperlink' in value) return valueText(value.text as CellValue, numFmt, date1904);
  if ('error' in value) return value.error;
  return '';
}

export function cellText(cell: ExcelJS.Cell, date1904 = false): string {
  return valueText(cell.value, cell.numFmt, date1904);
}
