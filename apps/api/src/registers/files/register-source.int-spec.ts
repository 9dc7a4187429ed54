import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Pool, PoolClient } from 'pg';
import {
  cloneDatabase,
  databaseUrl,
  dropDatabase,
  EMPTY_TEMPLATE,
  withServer,
} from '../../../test/test-databases';
import { copyIntoStaging, inspectRegisterFile, OpenFile, RegisterFileRejected } from './register-source';

function opener(bytes: Buffer, chunk = 1024 * 1024): OpenFile {
  return () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
    return Readable.from(parts);
  };
}

const ID = '370829201001011236';
// `printf '姓名,身份证号,户籍地址\n张三,370829201001011234,嘉祥县纸坊镇\n' | iconv -f utf-8 -t gbk`
const GBK = Buffer.from(
  'd0d5c3fb2cc9edb7ddd6a4bac52cbba7bcaeb5d8d6b70ad5c5c8fd2c3337303832393230313030313031313233342cbccecfe9cfd8d6bdb7bbd5f20a',
  'hex',
);

describe('copyIntoStaging (PostgreSQL)', () => {
  const databaseName = `bx_it_${randomBytes(4).toString('hex')}`;
  let pool: Pool;
  let client: PoolClient;
  let n = 0;
  const table = () => `register_staging_${databaseName}_${++n}`;

  beforeAll(async () => {
    await cloneDatabase(EMPTY_TEMPLATE, databaseName);
    pool = new Pool({ connectionString: databaseUrl(databaseName), max: 2 });
    client = await pool.connect();
  });

  afterAll(async () => {
    client?.release();
    await pool?.end();
    await withServer((server) => dropDatabase(server, databaseName));
  });

  async function stage(
    bytes: Buffer,
    chunk?: number,
  ): Promise<{ name: string; count: number; rows: string[][] }> {
    const open = opener(bytes, chunk);
    const info = await inspectRegisterFile(open, 'register');
    const name = table();
    const count = await copyIntoStaging(client, name, open, info);
    const result = await client.query({ text: `SELECT * FROM "${name}" ORDER BY line`, rowMode: 'array' });
    return { name, count, rows: result.rows };
  }

  async function rejectedBy(bytes: Buffer, name: string): Promise<RegisterFileRejected> {
    const open = opener(bytes);
    const info = await inspectRegisterFile(open, 'register');
    try {
      await copyIntoStaging(client, name, open, info);
    } catch (error) {
      if (error instanceof RegisterFileRejected) return error;
      throw error;
    }
    throw new Error('the file was staged');
  }

  async function exists(name: string): Promise<boolean> {
    const result = await client.query('SELECT to_regclass($1) IS NOT NULL AS found', [`"${name}"`]);
    return result.rows[0].found;
  }

  it('stages every data row with its line (header = 1): quoted commas and newlines, blank lines skipped', async () => {
    const csv =
      '\uFEFF姓名,身份证号,户籍地址\r\n' +
      `张三,${ID},"嘉祥县,纸坊镇"\r\n` +
      '\r\n' +
      `"李""四",${ID},"第一行\r\n第二行"\r\n` +
      ',,\r\n' +
      `王五,,""\r\n` +
      '\r\n\r\n';
    for (const chunk of [1, 5, 1024 * 1024]) {
      const { count, rows, name } = await stage(Buffer.from(csv), chunk);
      expect(count).toBe(3);
      expect(rows).toEqual([
        [2, '张三', ID, '嘉祥县,纸坊镇'],
        [4, '李"四', ID, '第一行\r\n第二行'],
        [6, '王五', null, ''],
      ]);
      const persistence = await client.query('SELECT relpersistence FROM pg_class WHERE oid = $1::regclass', [
        `"${name}"`,
      ]);
      expect(persistence.rows[0].relpersistence).toBe('u');
    }
  });

  it('decodes GBK bytes', async () => {
    const { count, rows } = await stage(GBK, 3);
    expect(count).toBe(1);
    expect(rows).toEqual([[2, '张三', '370829201001011234', '嘉祥县纸坊镇']]);
  });

  it.each([
    ['more', `张三,${ID},多,余\n`, '第3行多于表头的3列'],
    ['fewer', `张三,${ID}\n`, '第3行有2列，表头有3列'],
  ])(
    'rejects a row with %s columns than the header, naming it, and leaves no table',
    async (_what, ragged, says) => {
      const csv = `姓名,身份证号,户籍地址\n李四,${ID},卧龙山\n${ragged}王五,${ID},纸坊\n`;
      const name = table();
      const error = await rejectedBy(Buffer.from(csv), name);
      expect(error.problems).toEqual([
        { rule: 'column_count', row: 3, message: expect.stringContaining(says) },
      ]);
      expect(await exists(name)).toBe(false);
    },
  );

  it('inside a transaction, a rejected file leaves the transaction usable and no table', async () => {
    await client.query('BEGIN');
    try {
      await client.query('CREATE TEMP TABLE kept (x int)');
      const name = table();
      const error = await rejectedBy(Buffer.from(`a,b\n1,2\n3\n`), name);
      expect(error.problems[0]).toMatchObject({ rule: 'column_count', row: 3 });
      expect(await exists(name)).toBe(false);
      expect(await exists('kept')).toBe(true);
      const { count } = await stage(Buffer.from('a,b\n1,2\n'));
      expect(count).toBe(1);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('rejects bytes past the sniffed start that do not decode, naming the row', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `张三${i},${ID}`).join('\n');
    const bytes = Buffer.concat([
      Buffer.from(`姓名,身份证号\n${rows}\n`),
      Buffer.from([0xd5, 0xc5, 0x2c, 0x31, 0x0a]),
    ]);
    const name = table();
    const error = await rejectedBy(bytes, name);
    expect(error.problems).toEqual([
      { rule: 'encoding', row: 5002, message: expect.stringContaining('第5002行') },
    ]);
    expect(await exists(name)).toBe(false);
  });

  it('stages an .xlsx: header found below blank rows, lines follow the sheet, cells as text, padded', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户籍');
    sheet.getCell('A2').value = '姓名';
    sheet.getCell('B2').value = '身份证号';
    sheet.getCell('C2').value = '出生日期';
    sheet.getCell('D2').value = '地址';
    sheet.getRow(3).values = ['张三', ID, new Date(Date.UTC(2014, 8, 1)), '纸坊镇,"一"村\n2号'];
    sheet.getRow(6).values = ['李四', Number('370829201001011234')];
    sheet.getRow(7).values = ['\\.'];
    const { count, rows } = await stage(Buffer.from(await workbook.xlsx.writeBuffer()), 1000);
    expect(count).toBe(3);
    expect(rows).toEqual([
      [2, '张三', ID, '2014-09-01', '纸坊镇,"一"村\n2号'],
      [5, '李四', '3.70829201001011E+17', null, null],
      [6, '\\.', null, null, null],
    ]);
  });

  it('rejects an .xlsx row with values past the header, naming it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户籍');
    sheet.addRow(['姓名', '身份证号']);
    sheet.addRow(['张三', ID]);
    sheet.addRow(['李四', ID, '多余']);
    const name = table();
    const error = await rejectedBy(Buffer.from(await workbook.xlsx.writeBuffer()), name);
    expect(error.problems).toEqual([
      { rule: 'column_count', row: 3, message: expect.stringContaining('第3行有3列，表头只有2列') },
    ]);
    expect(await exists(name)).toBe(false);
  });

  it('streams a 50k-row CSV and a 50k-row .xlsx', async () => {
    const lines = ['姓名,身份证号,户籍地区划代码'];
    for (let i = 0; i < 50_000; i++)
      lines.push(`张三${i},${ID},370829101${String(i % 1000).padStart(3, '0')}`);
    const csv = await stage(Buffer.from(`${lines.join('\n')}\n`), 64 * 1024);
    expect(csv.count).toBe(50_000);
    expect(csv.rows[49_999]).toEqual([50_001, '张三49999', ID, '370829101999']);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('户籍');
    for (const line of lines) sheet.addRow(line.split(','));
    const xlsx = await stage(Buffer.from(await workbook.xlsx.writeBuffer()), 64 * 1024);
    expect(xlsx.count).toBe(50_000);
    expect(xlsx.rows[49_999]).toEqual([50_001, '张三49999', ID, '370829101999']);
  });
});
