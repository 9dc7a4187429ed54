import type { RegisterImportProblem } from '@baoxue/contracts';
import { REGISTER_FIELD_LABELS } from '@baoxue/domain';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

export const PROBLEMS_SHEET = '问题清单';

const COLUMNS = [
  { header: '行号 Row', width: 10 },
  { header: '字段 Field', width: 16 },
  { header: '列名 Column', width: 18 },
  { header: '级别 Severity', width: 12 },
  { header: '问题 Problem', width: 60 },
  { header: '值 Value', width: 30 },
];

/**
 * Writes an import's problems as an .xlsx to `output` (ended when done), row by row with
 * exceljs' streaming writer, so 100k+ problems take no more memory than a few. Values come
 * as the caller masked them (ID numbers never appear in full). Strings are written as text,
 * never as formulas, so a value such as `=HYPERLINK(…)` is shown, not run.
 */
export async function writeRegisterProblemsWorkbook(
  output: Writable,
  problems: AsyncIterable<RegisterImportProblem>,
  title: string,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.title = title;
  const sheet = workbook.addWorksheet(PROBLEMS_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddHeader: `&C${title.replace(/&/g, '&&')}`, oddFooter: '&R第 &P 页，共 &N 页' },
  });
  sheet.columns = COLUMNS.map(({ header, width }) => ({ header, width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();
  let rows = 0;
  for await (const problem of problems) {
    const row = sheet.addRow([
      problem.row,
      problem.field ? REGISTER_FIELD_LABELS[problem.field].zh : null,
      problem.column,
      problem.severity === 'warning' ? '警告' : '错误',
      problem.message,
      problem.value,
    ]);
    if (problem.severity === 'error') row.getCell(4).font = { color: { argb: 'FFC00000' } };
    row.commit();
    rows++;
  }
  if (rows > 0)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows + 1, column: COLUMNS.length } };
  sheet.commit();
  await workbook.commit();
}
