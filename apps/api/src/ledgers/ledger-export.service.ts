import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { IdNumberCipher } from '../students/id-number-cipher';
import { ledgerColumns, ledgerTitle } from './ledger-columns';
import { ledgerCountSql, LedgerRecord, ledgerRowsSql, LedgerSpec } from './ledger.query';

/** A ledger to write: the spec, the node's name for the title, and who exports it. */
export interface LedgerWorkbookRequest extends LedgerSpec {
  nodeName: string;
  /** Show full ID numbers, 学籍号, addresses and phones (checked and audited by the caller). */
  reveal: boolean;
  exportedBy: string;
  exportedAt: Date;
}

export interface LedgerWriteResult {
  rows: number;
}

/** Rows fetched from the cursor at a time. */
const BATCH = 1_000;
/** Lines above the table: title, node and day, export note; the header row follows. */
const HEADER_ROW = 4;
/**
 * One style object for every data cell: exceljs caches a style by object identity, so
 * sharing it skips a style lookup per cell (a third of the time on large ledgers).
 */
const DATA_STYLE: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };

function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Writes a ledger as an .xlsx workbook, streaming: rows come from a PostgreSQL cursor
 * `BATCH` at a time (one REPEATABLE READ snapshot, so the count and rows agree) and go
 * straight to the zip stream, so memory stays flat whatever the ledger's size.
 */
@Injectable()
export class LedgerExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: IdNumberCipher,
  ) {}

  /** Rows the ledger has (for the synchronous export's limit). */
  async count(spec: LedgerSpec): Promise<number> {
    const { sql, params } = ledgerCountSql(spec);
    const [row]: { total: number }[] = await this.dataSource.query(sql, params);
    return row.total;
  }

  /** The workbook in memory (for a job's stored file or a small download). */
  async toBuffer(
    request: LedgerWorkbookRequest,
    onProgress?: (written: number, total: number) => Promise<void> | void,
  ): Promise<{ buffer: Buffer; rows: number }> {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      sink.on('end', resolve);
      sink.on('error', reject);
    });
    const { rows } = await this.writeXlsx(request, sink, onProgress);
    await done;
    return { buffer: Buffer.concat(chunks), rows };
  }

  /**
   * Writes the workbook to `out` (ended when done). `onProgress` is called after each batch
   * with the rows written and the total.
   */
  async writeXlsx(
    request: LedgerWorkbookRequest,
    out: Writable,
    onProgress?: (written: number, total: number) => Promise<void> | void,
  ): Promise<LedgerWriteResult> {
    const columns = ledgerColumns(request.kind);
    const title = ledgerTitle(request.kind);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = request.exportedBy;
    workbook.created = request.exportedAt;
    const sheet = workbook.addWorksheet(title, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      headerFooter: {
        oddHeader: `&C${title}`,
        // Named-list exports are marked with who exported them (DOMAIN.md §8).
        oddFooter: `&L导出人：${request.exportedBy}  导出时间：${chinaTime(request.exportedAt)}&R第 &P 页，共 &N 页`,
      },
    });
    sheet.columns = [{ width: 7 }, ...columns.map((column) => ({ width: column.width }))];
    const width = columns.length + 1;

    const titleRow = sheet.addRow([title]);
    titleRow.font = { bold: true, size: 16 };
    titleRow.height = 26;
    sheet.mergeCells(1, 1, 1, width);
    sheet.addRow([`单位：${request.nodeName}    截至：${request.date}`]);
    sheet.mergeCells(2, 1, 2, width);
    const note = request.reveal ? '含完整身份证号，请妥善保管' : '身份证号等个人信息已脱敏';
    sheet.addRow([`导出人：${request.exportedBy}    导出时间：${chinaTime(request.exportedAt)}    ${note}`]);
    sheet.mergeCells(3, 1, 3, width);
    const header = sheet.addRow(['序号', ...columns.map((column) => column.header)]);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    header.commit();

    let written = 0;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const count = ledgerCountSql(request);
      const [{ total }]: { total: number }[] = await runner.query(count.sql, count.params);
      const rows = ledgerRowsSql(request, { reveal: request.reveal });
      await runner.query(`DECLARE ledger_rows NO SCROLL CURSOR FOR ${rows.sql}`, rows.params);
      for (;;) {
        const batch: LedgerRecord[] = await runner.query(`FETCH ${BATCH} FROM ledger_rows`);
        for (const record of batch) {
          written += 1;
          const context = {
            day: request.date,
            reveal: request.reveal,
            idNumber:
              request.reveal && record.id_number_cipher ? this.cipher.decrypt(record.id_number_cipher) : null,
          };
          const row = sheet.addRow([written, ...columns.map((column) => column.value(record, context))]);
          row.eachCell((cell) => {
            cell.style = DATA_STYLE;
          });
          row.commit();
        }
        if (onProgress) await onProgress(written, total);
        if (batch.length < BATCH) break;
      }
      await runner.query('CLOSE ledger_rows');
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    sheet.autoFilter = {
      from: { row: HEADER_ROW, column: 1 },
      to: { row: HEADER_ROW + Math.max(written, 1), column: width },
    };
    sheet.commit();
    await workbook.commit();
    return { rows: written };
  }
}
