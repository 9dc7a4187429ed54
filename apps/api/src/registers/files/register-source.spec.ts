import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { inspectRegisterFile, OpenFile, RegisterFileRejected } from './register-source';
import { numberText } from './xlsx-rows';

/** A stored file as the file store gives it, in chunks of `chunk` bytes. */
function opener(bytes: Buffer, chunk = 1024 * 1024): OpenFile {
  return () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
    return Readable.from(parts);
  };
}

async function rejection(bytes: Buffer, fileName = 'register.csv'): Promise<RegisterFileRejected> {
  try {
    await inspectRegisterFile(opener(bytes), fileName);
  } catch (error) {
    if (error instanceof RegisterFileRejected) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

const ID = '370829201001011236';
// `printf '姓名,身份证号,户籍地址\n张三,370829201001011234,嘉祥县纸坊镇\n' | iconv -f utf-8 -t gbk`
const GBK = Buffer.from(
  'd0d5c3fb2cc9edb7ddd6a4bac52cbba7bcaeb5d8d6b70ad5c5c8fd2c3337303832393230313030313031313233342cbccecfe9cfd8d6bdb7bbd5f20a',
  'hex',
);
// A zip holding one text file (Python's zipfile).
const PLAIN_ZIP = Buffer.from(
  'UEsDBBQAAAAAAH1dgl2KRrg7DgAAAA4AAAAJAAAAaGVsbG8udHh0bm90IGEgd29ya2Jvb2tQSwECFAMUAAAAAAB9XYJdika4Ow4AAAAOAAAACQAAAAAAAAAAAAAAgAEAAAAAaGVsbG8udHh0UEsFBgAAAAABAAEANwAAADUAAAAAAA==',
  'base64',
);

describe('inspectRegisterFile', () => {
  it('reads a UTF-8 CSV: trimmed headers, raw sample rows, quoted fields', async () => {
    const csv = ` 姓名 ,身份证号,户籍地址\n张三,${ID},"嘉祥县,纸坊镇\n1号"\n李四,${ID}, 卧龙山 \n`;
    const info = await inspectRegisterFile(opener(Buffer.from(csv)), 'a.csv');
    expect(info).toEqual({
      format: 'csv',
      encoding: 'utf-8',
      headers: ['姓名', '身份证号', '户籍地址'],
      sample: [
        ['张三', ID, '嘉祥县,纸坊镇\n1号'],
        ['李四', ID, ' 卧龙山 '],
      ],
    });
  });

  it('reads UTF-8 with a BOM as UTF-8 and strips the BOM from the first header', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`姓名,身份证号\n张三,${ID}\n`),
    ]);
    const info = await inspectRegisterFile(opener(bytes), 'a.csv');
    expect(info.encoding).toBe('utf-8');
    expect(info.headers).toEqual(['姓名', '身份证号']);
  });

  it('reads GBK bytes as GB18030', async () => {
    const info = await inspectRegisterFile(opener(GBK, 7), 'gbk.csv');
    expect(info).toEqual({
      format: 'csv',
      encoding: 'gb18030',
      headers: ['姓名', '身份证号', '户籍地址'],
      sample: [['张三', '370829201001011234', '嘉祥县纸坊镇']],
    });
  });

  it('keeps UTF-8 when a character is cut at the end of the sniffed bytes', async () => {
    // 3-byte characters from byte 1 on: byte 65536 falls inside one.
    const rows = Array.from({ length: 3000 }, (_, i) => `张三丰${i},${ID}`).join('\n');
    const padded = Array.from({ length: 40 }, (_, i) => i).map((pad) =>
      Buffer.from(`姓名${' '.repeat(pad)},身份证号\n${rows}\n`),
    );
    const bytes = padded.find((b) =>
      b
        .subarray(0, 64 * 1024)
        .toString('utf8')
        .endsWith('\uFFFD'),
    );
    if (!bytes) throw new Error('no padding cuts a character');
    for (const chunk of [1000, 64 * 1024, 1024 * 1024]) {
      const info = await inspectRegisterFile(opener(bytes, chunk), 'long.csv', 2);
      expect(info.encoding).toBe('utf-8');
      expect(info.sample).toEqual([
        ['张三丰0', ID],
        ['张三丰1', ID],
      ]);
    }
  });

  it('skips blank records in the sample as the COPY does', async () => {
    const info = await inspectRegisterFile(
      opener(Buffer.from(`姓名,身份证号\r\n\r\n,\r\n张三,${ID}\r\n`)),
      'a.csv',
    );
    expect(info.sample).toEqual([['张三', ID]]);
  });

  it('reads the first worksheet of an .xlsx as text: dates, numbers, rich text, formulas, hyperlinks', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户籍');
    workbook.addWorksheet('其他').addRow(['不读']);
    sheet.addRow(['姓名 ', '身份证号', '出生日期', '户籍地区划代码', '备注', '链接', '']);
    sheet.addRow([
      '张三',
      ID,
      new Date(Date.UTC(2014, 8, 1)),
      370829101001,
      { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] },
      { text: '网页', hyperlink: 'https://example.org' },
    ]);
    sheet.addRow([
      '李四',
      Number('370829201001011234'),
      new Date(Date.UTC(2013, 0, 31)),
      { formula: 'D2+1', result: 370829101002 },
    ]);
    sheet.getCell('C3').numFmt = 'yyyy-mm-dd';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const info = await inspectRegisterFile(opener(bytes, 4096), '户籍.xlsx');
    expect(info).toEqual({
      format: 'xlsx',
      encoding: null,
      headers: ['姓名', '身份证号', '出生日期', '户籍地区划代码', '备注', '链接'],
      sample: [
        ['张三', ID, '2014-09-01', '370829101001', '富文本', '网页'],
        ['李四', '3.70829201001011E+17', '2013-01-31', '370829101002'],
      ],
    });
  });

  it('leaves no spool file behind when it stops reading a sheet early', async () => {
    // exceljs writes the sheet before its shared strings, as Excel does: the reader spools it.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户籍');
    sheet.addRow(['姓名', '身份证号']);
    for (let i = 0; i < 100; i++) sheet.addRow([`张三${i}`, ID]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const spooled = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const before = spooled();
    const info = await inspectRegisterFile(opener(bytes), 'a.xlsx', 2);
    expect(info.sample).toEqual([
      ['张三0', ID],
      ['张三1', ID],
    ]);
    expect(spooled()).toEqual(before);
  });

  it('rejects an unclosed quote in the sample rows, naming the row', async () => {
    const error = await rejection(Buffer.from('姓名,身份证号\n"张三,1\n'));
    expect(error.problems).toEqual([
      { rule: 'column_count', row: 2, message: expect.stringContaining('引号未闭合') },
    ]);
  });

  it('lets a failure to read the stored file through as it is', async () => {
    const failing: OpenFile = () =>
      Readable.from(
        (async function* () {
          // Past the sniffed bytes, and no data row yet when the store fails.
          yield Buffer.from(`姓名,身份证号\n${'\n'.repeat(70_000)}`);
          throw new Error('file store unavailable');
        })(),
      );
    await expect(inspectRegisterFile(failing, 'a.csv')).rejects.toThrow('file store unavailable');
  });

  it('rejects a 0-byte file', async () => {
    const error = await rejection(Buffer.alloc(0));
    expect(error.problems).toEqual([
      { rule: 'empty_file', message: expect.stringContaining('文件为空（0字节）') },
    ]);
  });

  it.each([
    ['a header only', Buffer.from('姓名,身份证号\n')],
    ['a header and blank lines', Buffer.from('姓名,身份证号\r\n\r\n,\r\n')],
    ['only blank lines', Buffer.from('\n\n\n')],
  ])('rejects %s as having no rows', async (_what, bytes) => {
    const error = await rejection(bytes);
    expect(error.problems).toEqual([{ rule: 'no_rows', message: expect.stringContaining('没有数据行') }]);
  });

  it('rejects a blank header row over data', async () => {
    const error = await rejection(Buffer.from(`,\n张三,${ID}\n`));
    expect(error.problems).toEqual([
      { rule: 'missing_column', row: 1, message: expect.stringContaining('表头') },
    ]);
  });

  it('rejects an .xlsx with only a header row', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('户籍').addRow(['姓名', '身份证号']);
    const error = await rejection(Buffer.from(await workbook.xlsx.writeBuffer()), 'a.xlsx');
    expect(error.problems[0].rule).toBe('no_rows');
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n'), 'PDF'],
    ['an old .xls', Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'), '.xls'],
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'PNG'],
    ['a JPEG', Buffer.from('ffd8ffe000104a464946', 'hex'), 'JPEG'],
    [
      'an HTML table saved as .xls',
      Buffer.from('\r\n<html><body><table><tr><td>姓名</td></tr></table>'),
      'HTML',
    ],
    ['random binary with NUL bytes', Buffer.from('姓名,身份证号\n\u0000\u0001\u0002\u0003,x\n'), '二进制'],
  ])('rejects %s as not a spreadsheet, saying what it looks like', async (_what, bytes, looksLike) => {
    const error = await rejection(bytes, 'x.xls');
    expect(error.problems).toEqual([
      { rule: 'not_spreadsheet', message: expect.stringContaining(looksLike) },
    ]);
  });

  it('rejects a zip that is not a workbook, naming the file', async () => {
    const error = await rejection(PLAIN_ZIP, '照片.zip');
    expect(error.problems).toEqual([
      { rule: 'not_spreadsheet', message: expect.stringContaining('“照片.zip”是压缩包，但不是Excel工作簿') },
    ]);
  });

  it('rejects bytes that are neither UTF-8 nor GB18030, and UTF-16', async () => {
    const bad = await rejection(Buffer.from('612c620affff2c310a', 'hex'));
    expect(bad.problems).toEqual([
      { rule: 'encoding', message: expect.stringContaining('既不是UTF-8也不是GBK') },
    ]);
    const utf16 = await rejection(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名,身份证号\n', 'utf16le')]),
    );
    expect(utf16.problems).toEqual([{ rule: 'encoding', message: expect.stringContaining('UTF-16') }]);
  });

  it('rejects a UTF-8 file with a GBK cell at that row, not as GB18030 nonsense', async () => {
    const bytes = Buffer.concat([Buffer.from(`姓名,身份证号\n张三,${ID}\n`), GBK.subarray(-16)]);
    const error = await rejection(bytes);
    expect(error.problems).toEqual([
      { rule: 'encoding', row: 3, message: expect.stringContaining('第3行有无法按UTF-8解码的字节') },
    ]);
  });
});

describe('numberText', () => {
  it('writes a number that lost digits the way Excel shows it, and others as they are', () => {
    expect(numberText(Number('370829201001011234'))).toBe('3.70829201001011E+17');
    expect(numberText(3.7082920100101e17)).toBe('3.7082920100101E+17');
    expect(numberText(370829101001)).toBe('370829101001');
    expect(numberText(3)).toBe('3');
    expect(numberText(2.5)).toBe('2.5');
  });
});
