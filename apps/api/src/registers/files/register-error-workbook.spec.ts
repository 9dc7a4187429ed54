import type { RegisterImportProblem } from '@baoxue/contracts';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { PROBLEMS_SHEET, writeRegisterProblemsWorkbook } from './register-error-workbook';

async function write(
  problems: AsyncIterable<RegisterImportProblem>,
  title = '户籍导入问题',
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeRegisterProblemsWorkbook(out, problems, title);
  await ended;
  return Buffer.concat(chunks);
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('writeRegisterProblemsWorkbook', () => {
  it('writes one sheet of problems under a frozen header, values as text', async () => {
    const bytes = await write(
      from<RegisterImportProblem>([
        {
          row: null,
          field: null,
          column: null,
          rule: 'column_count',
          severity: 'error',
          message: '第9行多于表头的8列',
          value: null,
        },
        {
          row: 3,
          field: 'idNumber',
          column: '身份证号',
          rule: 'id_checksum',
          severity: 'warning',
          message: '身份证号校验位错误',
          value: '370829********1235',
        },
        {
          row: 4,
          field: 'birthDate',
          column: '出生日期',
          rule: 'date',
          severity: 'error',
          message: '日期不存在',
          value: '=1+1',
        },
      ]),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([PROBLEMS_SHEET]);
    expect(workbook.title).toBe('户籍导入问题');
    const sheet = workbook.getWorksheet(PROBLEMS_SHEET);
    if (!sheet) throw new Error('no problems sheet');
    const rows = [1, 2, 3, 4].map((r) => [1, 2, 3, 4, 5, 6].map((c) => sheet.getRow(r).getCell(c).value));
    expect(rows).toEqual([
      ['行号 Row', '字段 Field', '列名 Column', '级别 Severity', '问题 Problem', '值 Value'],
      [null, null, null, '错误', '第9行多于表头的8列', null],
      [3, '身份证号', '身份证号', '警告', '身份证号校验位错误', '370829********1235'],
      [4, '出生日期', '出生日期', '错误', '日期不存在', '=1+1'],
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(5).width).toBe(60);
    expect(sheet.getRow(1).font?.bold).toBe(true);
  });

  it('streams 20k problems', async () => {
    async function* many(): AsyncGenerator<RegisterImportProblem> {
      for (let row = 2; row < 20_002; row++) {
        yield {
          row,
          field: 'fullName',
          column: '姓名',
          rule: 'required',
          severity: 'error',
          message: '必填项为空',
          value: null,
        };
      }
    }
    const bytes = await write(many());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(PROBLEMS_SHEET);
    if (!sheet) throw new Error('no problems sheet');
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getRow(20_001).getCell(1).value).toBe(20_001);
  }, 120_000);
});
