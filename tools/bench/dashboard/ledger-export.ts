import { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { LedgerExportService } from '../../../apps/api/src/ledgers/ledger-export.service';
import { median, progress, seconds } from '../bench-report';
import { ANCHOR_DAY, BENCH_USER } from './dataset';
import { get } from './http-app';
import { BenchNode } from './nodes';

/** 适龄儿童台账: the county's children of school age, the ledger with the most rows. */
const KIND = 'school_age';

interface ExportRun {
  ms: number;
  rows: number;
  xlsx: Buffer;
}

/**
 * The county ledger as .xlsx, `runs` times: through GET /api/ledgers/:kind/export.xlsx when
 * the API serves it synchronously; when the ledger is over the synchronous limit (409) the
 * export job's own writer (LedgerExportService, what the job runs) is timed instead, as
 * the job's queueing is not the export's cost. The first workbook is opened to check it.
 */
export async function measureLedgerExport(
  app: NestFastifyApplication,
  cookie: string,
  county: BenchNode,
  runs: number,
): Promise<string> {
  const url = `/api/ledgers/${KIND}/export.xlsx?node=region:${county.id}&date=${ANCHOR_DAY}`;
  const probe = await get(app, url, cookie);
  let path: string;
  let exportOnce: () => Promise<ExportRun>;
  if (probe.status === 200) {
    path = `GET ${url.split('?')[0]}`;
    exportOnce = async () => {
      const call = await get(app, url, cookie);
      if (call.status !== 200) throw new Error(`ledger export answered ${call.status}`);
      return { ms: call.ms, rows: -1, xlsx: call.rawPayload };
    };
  } else {
    progress(
      `ledger: GET ${url} answered ${probe.status}: ${probe.body.slice(0, 200)}; timing the export writer`,
    );
    let exporter: LedgerExportService;
    try {
      exporter = app.get(LedgerExportService, { strict: false });
    } catch {
      return `ledger.county.export: n/a (no export endpoint or LedgerExportService in the app)`;
    }
    path = 'LedgerExportService.toBuffer (over the synchronous limit: the job’s writer)';
    exportOnce = async () => {
      const started = performance.now();
      const { buffer, rows } = await exporter.toBuffer({
        kind: KIND,
        node: { kind: 'county', id: county.id, path: county.path },
        date: ANCHOR_DAY,
        nodeName: county.name,
        reveal: false,
        exportedBy: BENCH_USER.username,
        exportedAt: new Date(),
      });
      return { ms: performance.now() - started, rows, xlsx: buffer };
    };
  }
  const results: ExportRun[] = [];
  for (let run = 1; run <= runs; run++) {
    results.push(await exportOnce());
    progress(`ledger export run ${run}/${runs}: ${seconds(results[results.length - 1].ms)}`);
  }
  const dataRows = await checkWorkbook(results[0].xlsx);
  const rows = results[0].rows >= 0 ? results[0].rows : dataRows;
  const time = median(results.map((result) => result.ms));
  return `ledger.county.export: ${seconds(time)} (${rows} rows, ${(results[0].xlsx.length / 1024).toFixed(0)} KiB, median of ${runs} via ${path}; target < 3 s)`;
}

/** Opens the workbook as a reader would; returns its data rows (numbered ones below the header). */
async function checkWorkbook(xlsx: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the exported workbook has no sheet');
  let rows = 0;
  sheet.eachRow((row) => {
    if (typeof row.getCell(1).value === 'number') rows += 1;
  });
  return rows;
}
